using System.Text.Json;
using System.Text.Json.Serialization;
using Bazaar.Benchmarks;
using Bazaar.Benchmarks.Reporting;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync($"bench: {e.Message}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var report = await Harness.RunAsync(options, line => Console.Error.WriteLine(line), cancel.Token);
var markdown = MarkdownReport.Write(report);
Console.WriteLine(markdown);
if (options.MarkdownPath is { } md)
{
    await File.WriteAllTextAsync(md, markdown);
}

if (options.JsonPath is { } json)
{
    var serializer = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, serializer));
}

return 0;
