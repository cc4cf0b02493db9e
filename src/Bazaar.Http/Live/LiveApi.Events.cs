using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Bazaar.Http;

/// <content>The live events route: Server-Sent Events, or long polls.</content>
public sealed partial class LiveApi
{
    /// <summary>The longest a long poll waits for news.</summary>
    internal static readonly TimeSpan MaxPollWait = TimeSpan.FromSeconds(25);

    private static readonly byte[] EndData = "{}"u8.ToArray();

    private async Task<IResult> EventsAsync(Func<DurableTaskClient> client, HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (RunsApi.BadId(id) is { } bad)
        {
            return bad;
        }

        var poll = request.Query.TryGetValue("poll", out var p) && p.ToString() == "1";
        var wait = MaxPollWait;
        if (request.Query.TryGetValue("wait", out var w))
        {
            if (!int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxPollWait.TotalSeconds)
            {
                return ApiProblem.BadRequest($"wait must be a whole number of seconds from 0 to {MaxPollWait.TotalSeconds}, not '{w}'.");
            }

            wait = TimeSpan.FromSeconds(seconds);
        }

        var last = request.Query.TryGetValue("after", out var after) ? after.ToString()
            : request.Headers.TryGetValue("Last-Event-ID", out var header) ? header.ToString()
            : null;
        var lease = this.watchers.Listen(id, client);
        try
        {
            await lease.Watcher.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RunNotFoundException)
        {
            lease.Dispose();
            return RunsApi.NoSuchRun(id);
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        if (poll)
        {
            using (lease)
            {
                return await this.PollAsync(lease.Watcher, last, wait, cancellationToken).ConfigureAwait(false);
            }
        }

        return new EventStream(this, lease, last);
    }

    private async Task<IResult> PollAsync(RunWatcher watcher, string? last, TimeSpan wait, CancellationToken cancellationToken)
    {
        var events = new List<(string Type, string Id, byte[] Data)>();
        var batches = watcher.After(last);
        if (batches is null)
        {
            var (seq, json) = watcher.Snapshot();
            events.Add(("snapshot", watcher.EventId(seq), json));
        }
        else if (batches.Count == 0 && !watcher.Ended && wait > TimeSpan.Zero)
        {
            var seen = long.Parse(last!.Split(':')[1], CultureInfo.InvariantCulture);
            if (await watcher.WaitAsync(seen, wait, this.clock, cancellationToken).ConfigureAwait(false))
            {
                batches = watcher.After(seen);
                if (batches is null)
                {
                    var (seq, json) = watcher.Snapshot();
                    events.Add(("snapshot", watcher.EventId(seq), json));
                }
            }
        }

        foreach (var (seq, json) in batches ?? [])
        {
            events.Add(("changes", watcher.EventId(seq), json));
        }

        var lastId = events.Count > 0 ? events[^1].Id : last!;
        if (watcher.Ended && watcher.After(lastId) is { Count: 0 })
        {
            events.Add(("end", lastId, EndData));
        }

        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("last", lastId);
            writer.WriteStartArray("events");
            foreach (var (type, eventId, data) in events)
            {
                writer.WriteStartObject();
                writer.WriteString("event", type);
                writer.WriteString("id", eventId);
                writer.WritePropertyName("data");
                writer.WriteRawValue(data, skipInputValidation: true);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Results.Bytes(buffer.ToArray(), "application/json; charset=utf-8");
    }

    /// <summary>The stream itself: owns the listener's lease for as long as it is open.</summary>
    private sealed class EventStream(LiveApi api, RunWatchers.Lease lease, string? last) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            using var _ = lease;
            var watcher = lease.Watcher;
            var response = httpContext.Response;
            var aborted = httpContext.RequestAborted;
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers["X-Accel-Buffering"] = "no";
            var options = api.options.Value;
            var deadline = api.clock.GetUtcNow() + options.LiveStreamLimit;
            try
            {
                await Write(response, "retry: 2000\n\n", aborted).ConfigureAwait(false);
                var seq = await SendSinceAsync(response, watcher, last, aborted).ConfigureAwait(false);
                while (true)
                {
                    if (watcher.Ended && watcher.After(seq) is { Count: 0 })
                    {
                        await Event(response, "end", watcher.EventId(seq), EndData, aborted).ConfigureAwait(false);
                        return;
                    }

                    var left = deadline - api.clock.GetUtcNow();
                    if (left <= TimeSpan.Zero)
                    {
                        // The browser reconnects with Last-Event-ID and misses nothing; under the Function App this
                        // ends the request before its front end's 230 s limit would cut it.
                        return;
                    }

                    // The last wait ends at the deadline, rounded up to a whole millisecond: a timer rounds a shorter
                    // wait down to none, and the loop wrote a heartbeat each time round in the deadline's last
                    // millisecond (hundreds of them). Only a wait of a whole heartbeat ends in one.
                    var lastWait = left < options.LiveHeartbeat;
                    var wait = lastWait ? TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)) : options.LiveHeartbeat;
                    if (await watcher.WaitAsync(seq, wait, api.clock, aborted).ConfigureAwait(false))
                    {
                        seq = await SendSinceAsync(response, watcher, watcher.EventId(seq), aborted).ConfigureAwait(false);
                    }
                    else if (!lastWait)
                    {
                        await Write(response, ": heartbeat\n\n", aborted).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (aborted.IsCancellationRequested && e is OperationCanceledException or IOException)
            {
                // The tab closed.
            }
        }

        private static async Task<long> SendSinceAsync(HttpResponse response, RunWatcher watcher, string? last, CancellationToken cancellationToken)
        {
            if (watcher.After(last) is not { } batches)
            {
                var (seq, json) = watcher.Snapshot();
                await Event(response, "snapshot", watcher.EventId(seq), json, cancellationToken).ConfigureAwait(false);
                return seq;
            }

            var sent = long.Parse(last!.Split(':')[1], CultureInfo.InvariantCulture);
            foreach (var (seq, json) in batches)
            {
                await Event(response, "changes", watcher.EventId(seq), json, cancellationToken).ConfigureAwait(false);
                sent = seq;
            }

            return sent;
        }

        private static async Task Event(HttpResponse response, string type, string id, byte[] data, CancellationToken cancellationToken)
        {
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"event: {type}\nid: {id}\ndata: "), cancellationToken).ConfigureAwait(false);
            await response.Body.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await Write(response, "\n\n", cancellationToken).ConfigureAwait(false);
        }

        private static async Task Write(HttpResponse response, string text, CancellationToken cancellationToken)
        {
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
