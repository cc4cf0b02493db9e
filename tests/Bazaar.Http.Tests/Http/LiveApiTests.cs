using System.Net;
using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using StepLines = Bazaar.Testing.Graphs;

namespace Bazaar.Http.Tests.Http;

/// <summary>
/// Issue 20's server side: the layout route (compact arrays, cached per graph, 304 on a second look), the step
/// route, and the live events (a snapshot, changes as steps move, heartbeats, resuming with Last-Event-ID,
/// the end, long polls, one reader however many listen), on real Kestrel over the in-memory store.
/// </summary>
public sealed class LiveApiTests
{
    private static readonly GraphDefinition Diamond = StepLines.Parse("top: -> p", "left: p -> l", "right: p -> r", "join: l,r -> out");

    [Fact]
    public async Task Layout_TenThousandSteps_CompactArraysIndexedByStep_ComputedOncePerGraph_304WithTheETag()
    {
        var ct = TestTimeout.Token();
        await using var server = await LiveServer.StartAsync();
        var graph = LargeGraphs.Build();
        server.AddRun("one", graph);
        server.AddRun("two", graph with { Name = "large again" });

        var first = await server.Http.GetAsync("api/runs/one/layout", ct);
        var second = await server.Http.GetAsync("api/runs/two/layout", ct);
        using var again = new HttpRequestMessage(HttpMethod.Get, "api/runs/one/layout");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var notModified = await server.Http.SendAsync(again, ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var layout = JsonDocument.Parse(await first.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal(10_000, layout.GetProperty("steps").GetArrayLength());
        Assert.Equal(10_000, layout.GetProperty("column").GetArrayLength());
        Assert.Equal(10_000, layout.GetProperty("row").GetArrayLength());
        Assert.Equal(0, layout.GetProperty("edges").GetArrayLength() % 2);
        Assert.Equal(Enum.GetNames<StepState>(), layout.GetProperty("states").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(GraphRenderer.ColourOf(StepState.Failed), layout.GetProperty("colours")[(int)StepState.Failed].GetString());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(1, server.Services.GetRequiredService<LayoutCache>().Computed);
    }

    [Fact]
    public async Task Layout_UnknownRun_404ProblemAndBadId400()
    {
        var ct = TestTimeout.Token();
        await using var server = await LiveServer.StartAsync();

        var missing = await server.Http.GetAsync("api/runs/nope/layout", ct);
        var bad = await server.Http.GetAsync("api/runs/a%20b/events", ct);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Step_Started_RecordAndProductsWithRefs()
    {
        var ct = TestTimeout.Token();
        await using var server = await LiveServer.StartAsync();
        server.AddRun("r", Diamond);
        await server.RecordAsync("r", "left", StepState.Failed, 2, ct);

        var step = JsonDocument.Parse(await server.Http.GetStringAsync("api/runs/r/steps/left", ct)).RootElement;
        var none = await server.Http.GetAsync("api/runs/r/steps/nope", ct);

        Assert.Equal("Failed", step.GetProperty("record").GetProperty("state").GetString());
        Assert.Equal(2, step.GetProperty("record").GetProperty("attempts").GetInt32());
        Assert.Equal("p", step.GetProperty("consumes")[0].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, step.GetProperty("consumes")[0].GetProperty("ref").ValueKind);
        Assert.Equal("l", step.GetProperty("produces")[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task Events_StepsMove_SnapshotThenChangesThenEnd()
    {
        var ct = TestTimeout.Token();
        await using var server = await LiveServer.StartAsync();
        server.AddRun("r", Diamond);
        await server.RecordAsync("r", "top", StepState.Running, 1, ct);

        var (response, events) = await EventStreamReader.OpenAsync(server.Http, "api/runs/r/events", null, ct);
        using var _ = events;
        var snapshot = (await events.NextAsync(ct))!;
        await server.RecordAsync("r", "top", StepState.Succeeded, 1, ct);
        var changes = (await events.NextAsync(ct))!;
        server.SetStatus("r", OrchestrationRuntimeStatus.Terminated);
        var last = await NextOtherThan("changes", events, ct);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("snapshot", snapshot.Type);
        Assert.Equal(snapshot.Id, snapshot.Data.GetProperty("id").GetString());
        Assert.Equal(
            [(int)StepState.Running, (int)StepState.NotStarted, (int)StepState.NotStarted, (int)StepState.NotStarted],
            snapshot.Data.GetProperty("states").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal("Running", snapshot.Data.GetProperty("run").GetProperty("state").GetString());
        Assert.Equal("changes", changes.Type);
        var moved = changes.Data.GetProperty("steps").EnumerateArray().Select(s => (s[0].GetInt32(), s[1].GetInt32())).ToList();
        Assert.Contains((0, (int)StepState.Succeeded), moved);
        Assert.Contains((1, (int)StepState.Waiting), moved); // left and right now have their input
        Assert.Equal("end", last.Type);
        Assert.Null(await events.NextAsync(ct)); // the server closes the stream; EventSource is told not to come back
    }

    [Fact]
    public async Task Events_ResumedWithLastEventId_GetsOnlyWhatItMissed()
    {
        var ct = TestTimeout.Token();
        await using var server = await LiveServer.StartAsync();
        server.AddRun("r", Diamond);
        var (_, first) = await EventStreamReader.OpenAsync(server.Http, "api/runs/r/events", null, ct);
        var snapshot = (await first.NextAsync(ct))!;
        await server.RecordAsync("r", "top", StepState.Running, 1, ct);
        var seen = (await first.NextAsync(ct))!;
        first.Dispose(); // the connection drops...
        await server.RecordAsync("r", "top", StepState.Failed, 1, ct); // ...while this happens

        // Same server, watcher kept while the run is watched: another tab keeps it alive.
        var (_, keeper) = await EventStreamReader.OpenAsync(server.Http, "api/runs/r/events", null, ct);
        using var __ = keeper;
        await keeper.NextAsync(ct);
        var (_, resumed) = await EventStreamReader.OpenAsync(server.Http, "api/runs/r/events", seen.Id, ct);
        using var ___ = resumed;
        var next = (await resumed.NextAsync(ct))!;

        Assert.Equal("snapshot", snapshot.Type);
        Assert.Equal("changes", next.Type);
        Assert.Contains(next.Data.GetProperty("steps").EnumerateArray(), s => s[0].GetInt32() == 0 && s[1].GetInt32() == (int)StepState.Failed);
        var (_, stranger) = await EventStreamReader.OpenAsync(server.Http, "api/runs/r/events", "deadbeef:3", ct);
        using var ____ = stranger;
        Assert.Equal("snapshot", (await stranger.NextAsync(ct))!.Type); // another server's id: a fresh snapshot
    }

    [Fact]
    public async Task Events_NothingMoves_HeartbeatsKeepTheStreamOpen()
    {
        var ct = TestTimeout.Token();
        // Heartbeats every 300 ms (LiveServer) over a 4 s stream: about 13. The stream used to last 1.5 s, so a stall of a
        // second on a loaded machine left fewer than two and failed the test; only a stall of most of 4 s does now.
        await using var server = await LiveServer.StartAsync(o => o.LiveStreamLimit = TimeSpan.FromSeconds(4));
        server.AddRun("r", Diamond);

        var (_, events) = await EventStreamReader.OpenAsync(server.Http, "api/runs/r/events", null, ct);
        using var _ = events;
        await events.NextAsync(ct);
        var after = await events.NextAsync(ct); // the stream ends at its limit, after heartbeats

        Assert.Null(after);
        Assert.InRange(events.Heartbeats, 2, 15);
    }

    [Fact]
    public async Task Events_StreamEndsBetweenHeartbeats_WritesNoHeartbeatForTheCutWait()
    {
        var ct = TestTimeout.Token();
        // The stream's limit (1 s) is shorter than a heartbeat (2 s): its one wait is cut by the deadline,
        // which is not a heartbeat. The wait used to end in one, and a wait cut to under a millisecond, which
        // a timer rounds to none, wrote one each time round until the deadline passed: hundreds of them.
        await using var server = await LiveServer.StartAsync(o => (o.LiveStreamLimit, o.LiveHeartbeat) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
        server.AddRun("r", Diamond);

        var (_, events) = await EventStreamReader.OpenAsync(server.Http, "api/runs/r/events", null, ct);
        using var _ = events;
        await events.NextAsync(ct);

        Assert.Null(await events.NextAsync(ct));
        Assert.Equal(0, events.Heartbeats);
    }

    [Fact]
    public async Task Events_ManyListeners_OneReaderOfTheRun()
    {
        var ct = TestTimeout.Token();
        await using var server = await LiveServer.StartAsync(o => o.LiveInterval = TimeSpan.FromMilliseconds(200));
        server.AddRun("r", Diamond);
        var streams = new List<EventStreamReader>();
        for (var i = 0; i < 8; i++)
        {
            var (_, reader) = await EventStreamReader.OpenAsync(server.Http, "api/runs/r/events", null, ct);
            await reader.NextAsync(ct);
            streams.Add(reader);
        }

        var watchers = server.Services.GetRequiredService<RunWatchers>();
        var before = watchers.Polls;
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var polls = watchers.Polls - before;

        Assert.Equal(1, watchers.Count);
        Assert.InRange(polls, 5, 12); // one reader at 200 ms, not eight
        streams.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task Events_LongPoll_SnapshotThenWaitsForTheNextChange()
    {
        var ct = TestTimeout.Token();
        await using var server = await LiveServer.StartAsync();
        server.AddRun("r", Diamond);

        var first = JsonDocument.Parse(await server.Http.GetStringAsync("api/runs/r/events?poll=1", ct)).RootElement;
        var last = first.GetProperty("last").GetString();
        var waiting = server.Http.GetStringAsync($"api/runs/r/events?poll=1&after={last}&wait=20", ct);
        await Task.Delay(300, ct);
        Assert.False(waiting.IsCompleted, "a long poll with nothing new waits");
        await server.RecordAsync("r", "top", StepState.Running, 1, ct);
        var second = JsonDocument.Parse(await waiting).RootElement;
        var idle = JsonDocument.Parse(await server.Http.GetStringAsync($"api/runs/r/events?poll=1&after={second.GetProperty("last").GetString()}&wait=0", ct)).RootElement;
        var badWait = await server.Http.GetAsync("api/runs/r/events?poll=1&wait=99", ct);

        Assert.Equal("snapshot", first.GetProperty("events")[0].GetProperty("event").GetString());
        var change = second.GetProperty("events")[0];
        Assert.Equal("changes", change.GetProperty("event").GetString());
        Assert.Equal((int)StepState.Running, change.GetProperty("data").GetProperty("steps")[0][1].GetInt32());
        Assert.Equal(0, idle.GetProperty("events").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, badWait.StatusCode);
    }

    private static async Task<ServerEvent> NextOtherThan(string type, EventStreamReader events, CancellationToken ct)
    {
        while (true)
        {
            var next = await events.NextAsync(ct) ?? throw new InvalidOperationException("the stream ended");
            if (next.Type != type)
            {
                return next;
            }
        }
    }
}
