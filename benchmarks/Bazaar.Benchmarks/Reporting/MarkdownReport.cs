using System.Globalization;
using System.Text;

namespace Bazaar.Benchmarks.Reporting;

/// <summary>Writes a report as Markdown: the machine, the date, the command, one table per suite.</summary>
internal static class MarkdownReport
{
    public static string Write(BenchReport report)
    {
        var md = new StringBuilder();
        var m = report.Machine;
        md.AppendLine(CultureInfo.InvariantCulture, $"- Date: {report.Date:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {m.Cores} cores, {m.Memory} RAM, {m.Os}, {m.Runtime}, {m.Storage}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project benchmarks/Bazaar.Benchmarks -- {report.Command}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Settings: {report.Settings}");
        foreach (var suite in report.Rows.GroupBy(r => r.Suite))
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"### {suite.Key}");
            md.AppendLine();
            md.AppendLine("| case | metric | Bazaar | baseline | ratio | target | met? | note |");
            md.AppendLine("|---|---|---:|---:|---:|---|---|---|");
            foreach (var row in suite)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {row.Case} | {row.Metric} ({row.Unit}) | {Num(row.Bazaar)} | {Num(row.Baseline)} | {Num(row.Ratio, "0.00")} | {row.Target} | {Met(row.Met, row.Target)} | {row.Note} |");
            }
        }

        return md.ToString();
    }

    private static string Num(double? value, string? format = null) => value switch
    {
        null => "—",
        { } v when double.IsNaN(v) || double.IsInfinity(v) => "—",
        { } v => v.ToString(format ?? (Math.Abs(v) >= 100 ? "0" : "0.0#"), CultureInfo.InvariantCulture),
    };

    private static string Met(bool? met, string target) => target.Length == 0 ? string.Empty : met switch
    {
        true => "yes",
        false => "**no**",
        null => "—",
    };
}
