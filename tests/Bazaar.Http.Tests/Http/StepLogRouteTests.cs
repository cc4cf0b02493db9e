using System.Net;
using System.Text;
using Bazaar.Graphs;
using Bazaar.Testing;
using StepLines = Bazaar.Testing.Graphs;

namespace Bazaar.Http.Tests.Http;

/// <summary>The log route's windows: the tail first, then by offset, bounded by a limit, and as a download.</summary>
public sealed class StepLogRouteTests
{
    [Fact]
    public async Task Log_Tail_LastBytesWithWhereTheySitInTheWhole()
    {
        var ct = TestTimeout.Token();
        await using var server = await StartWithLogAsync(ct);

        var tail = await server.Http.GetAsync("api/runs/r/steps/talk/log?tail=10", ct);

        Assert.Equal(HttpStatusCode.OK, tail.StatusCode);
        Assert.Equal("line 0099\n", await tail.Content.ReadAsStringAsync(ct));
        Assert.Equal("990", Header(tail, "X-Bazaar-Log-Offset"));
        Assert.Equal("1000", Header(tail, "X-Bazaar-Log-Length"));
        Assert.Equal("1", Header(tail, "X-Bazaar-Log-Attempt"));
        Assert.Equal("Running", Header(tail, "X-Bazaar-Step-State"));
    }

    [Fact]
    public async Task Log_OffsetAndLimit_JustThatWindow_PastTheEndEmpty()
    {
        var ct = TestTimeout.Token();
        await using var server = await StartWithLogAsync(ct);

        var window = await server.Http.GetAsync("api/runs/r/steps/talk/log?offset=20&limit=10", ct);
        var past = await server.Http.GetAsync("api/runs/r/steps/talk/log?offset=5000", ct);
        var whole = await server.Http.GetStringAsync("api/runs/r/steps/talk/log", ct);

        Assert.Equal("line 0002\n", await window.Content.ReadAsStringAsync(ct));
        Assert.Equal("20", Header(window, "X-Bazaar-Log-Offset"));
        Assert.Equal(string.Empty, await past.Content.ReadAsStringAsync(ct));
        Assert.Equal(1000, whole.Length);
    }

    [Fact]
    public async Task Log_Download_AnAttachmentNamedForStepAndAttempt()
    {
        var ct = TestTimeout.Token();
        await using var server = await StartWithLogAsync(ct);

        var download = await server.Http.GetAsync("api/runs/r/steps/talk/log?download=1", ct);

        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("talk.attempt1.log", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task Log_Find_WhereTheTextIsNextFromTheOffsetIgnoringCase_NothingSent()
    {
        var ct = TestTimeout.Token();
        await using var server = await StartWithLogAsync(ct);

        var first = await server.Http.GetAsync("api/runs/r/steps/talk/log?find=LINE%200042", ct);
        var next = await server.Http.GetAsync("api/runs/r/steps/talk/log?find=line&offset=421", ct);
        var none = await server.Http.GetAsync("api/runs/r/steps/talk/log?find=line%200099&limit=900", ct);

        Assert.Equal("420", Header(first, "X-Bazaar-Log-Found"));
        Assert.Equal(string.Empty, await first.Content.ReadAsStringAsync(ct));
        Assert.Equal("430", Header(next, "X-Bazaar-Log-Found"));
        Assert.Equal("-1", Header(none, "X-Bazaar-Log-Found"));
        Assert.Equal("1000", Header(none, "X-Bazaar-Log-Length"));
    }

    [Theory]
    [InlineData("find=")]
    [InlineData("find=x&tail=5")]
    [InlineData("find=x&download=1")]
    [InlineData("offset=-1")]
    [InlineData("tail=0")]
    [InlineData("limit=x")]
    [InlineData("offset=1&tail=1")]
    [InlineData("download=yes")]
    public async Task Log_BadWindow_400SayingWhatIsAllowed(string query)
    {
        var ct = TestTimeout.Token();
        await using var server = await StartWithLogAsync(ct);

        var answer = await server.Http.GetAsync($"api/runs/r/steps/talk/log?{query}", ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("offset, tail and limit must be whole numbers", await answer.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    private static async Task<LiveServer> StartWithLogAsync(CancellationToken ct)
    {
        var server = await LiveServer.StartAsync();
        server.AddRun("r", StepLines.Parse("talk: -> out"));
        await server.RecordAsync("r", "talk", StepState.Running, 1, ct);
        var log = await server.Logs.OpenLogAsync("r", "talk", 1, ct);
        await using (log)
        {
            for (var i = 0; i < 100; i++)
            {
                await log.WriteLineAsync($"line {i:D4}", ct);
            }
        }

        return server;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
