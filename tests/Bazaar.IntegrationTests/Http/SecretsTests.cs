using System.Text;
using System.Text.Json;
using Bazaar.Testing;

namespace Bazaar.IntegrationTests.Http;

/// <summary>
/// A step's <c>secrets:</c> come from the serve process's environment; their values never appear in
/// a log, a step record, an error or any API answer, and other steps do not inherit them.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class SecretsTests(ServeFixture fixture)
{
    [Fact]
    public async Task Run_StepPrintsItsSecret_ValueAppearsNowhereAndOtherStepsDoNotSeeIt()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(120));
        var name = "BAZAAR_TEST_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var value = "s3cr3t-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, value);

        // The host shares both names with graphs (issue 14: a graph may only name what the host lists).
        Environment.SetEnvironmentVariable("BAZAAR_SHAREABLE_SECRETS", $"{name}, BAZAAR_TEST_UNSET_SECRET");
        await using var serve = await ServeProcess.StartAsync(fixture.Storage, "sec" + Guid.NewGuid().ToString("N")[..8]);
        Environment.SetEnvironmentVariable(name, null);
        Environment.SetEnvironmentVariable("BAZAAR_SHAREABLE_SECRETS", null);
        using var client = serve.CreateClient();
        var graph = JsonSerializer.Serialize(new
        {
            name = "secrets",
            steps = new Dictionary<string, object>
            {
                ["leaky"] = new { run = $"echo \"token=${name}\"; echo \"${name}\" >&2; echo \"failing with ${name}\"; exit 3", secrets = new[] { name } },
                ["nosy"] = new { run = $"echo \"nosy sees [${name}]\"" },
                ["needs"] = new { run = "true", secrets = new[] { "BAZAAR_TEST_UNSET_SECRET" } },
            },
        });
        using var content = new StringContent(graph, Encoding.UTF8, "application/json");
        var id = await ApiCalls.StartAsync(client, content, ct, "?failurePolicy=continue");

        var run = await ApiCalls.WaitForEndAsync(client, id, ct);

        var leakyLog = await client.GetStringAsync($"api/runs/{id}/steps/leaky/log", ct);
        Assert.Contains("token=***", leakyLog, StringComparison.Ordinal);
        Assert.Contains("nosy sees []", await client.GetStringAsync($"api/runs/{id}/steps/nosy/log", ct), StringComparison.Ordinal);
        var steps = run.GetProperty("result").GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        Assert.Equal(3, steps["leaky"].GetProperty("exitCode").GetInt32());
        Assert.Contains("BAZAAR_TEST_UNSET_SECRET", steps["needs"].GetProperty("error").GetString(), StringComparison.Ordinal);

        var everything = new StringBuilder(run.ToString()).Append(leakyLog).Append(serve.Output);
        foreach (var path in new[] { $"api/runs/{id}", $"api/runs/{id}/steps/leaky/log", $"api/runs/{id}/graph", "api/runs" })
        {
            everything.Append(await client.GetStringAsync(path, ct));
        }

        Assert.DoesNotContain(value, everything.ToString(), StringComparison.Ordinal);
    }
}
