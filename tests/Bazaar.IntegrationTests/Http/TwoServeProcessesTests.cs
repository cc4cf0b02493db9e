using System.Text.RegularExpressions;
using Bazaar.Testing;

namespace Bazaar.IntegrationTests.Http;

/// <summary>Two <c>bazaar serve</c> processes on one task hub share the work, as Function App instances do.</summary>
[Collection(ServeCollection.Name)]
public sealed partial class TwoServeProcessesTests(ServeFixture fixture)
{
    // Each step sleeps long enough that the other process polls the shared work-item queue while it runs,
    // and says which process ran it: the shell's parent is the serve process whose worker started it.
    private const string Graph = """
        name: shared
        steps:
          a: { run: 'sleep 1; echo "ran by $PPID"' }
          b: { run: 'sleep 1; echo "ran by $PPID"' }
          c: { run: 'sleep 1; echo "ran by $PPID"' }
          d: { run: 'sleep 1; echo "ran by $PPID"' }
        """;

    [Fact]
    public async Task Submit_ToEitherOfTwoProcesses_EveryRunCompletesAndBothRanSteps()
    {
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(120));
        var hub = "two" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await ServeProcess.StartAsync(fixture.Storage, hub);
        await using var second = await ServeProcess.StartAsync(fixture.Storage, hub);
        using var one = first.CreateClient();
        using var two = second.CreateClient();

        var runs = new List<(HttpClient Client, string Id)>();
        for (var i = 0; i < 6; i++)
        {
            var client = i % 2 == 0 ? one : two;
            runs.Add((client, await ApiCalls.StartAsync(client, Graph, ct)));
        }

        var ranBy = new HashSet<int>();
        foreach (var (client, id) in runs)
        {
            var run = await ApiCalls.WaitForEndAsync(client, id, ct);
            Assert.Equal("Succeeded", run.GetProperty("state").GetString());
            foreach (var step in new[] { "a", "b", "c", "d" })
            {
                // Either process answers for any run: the other one's client reads the log here.
                var log = await (client == one ? two : one).GetStringAsync($"api/runs/{id}/steps/{step}/log", ct);
                ranBy.Add(int.Parse(RanBy().Match(log).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.Contains(first.ProcessId, ranBy);
        Assert.Contains(second.ProcessId, ranBy);
        Assert.Equal(2, ranBy.Count);
    }

    [GeneratedRegex(@"ran by (\d+)")]
    private static partial Regex RanBy();
}
