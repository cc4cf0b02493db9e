using System.Text.Json;
using Bazaar.Graphs;
using Microsoft.DurableTask.Client;

namespace Bazaar.Http;

/// <summary>
/// One run watched for every browser tab open on it: polls the run's state once per interval while anyone
/// listens, and turns what changed into numbered batches. A listener starts from a snapshot and then takes
/// the batches after the one it has seen; the last <see cref="HistoryBatches"/> are kept so a reconnecting
/// stream (<c>Last-Event-ID</c>) resumes without a new snapshot. Event ids are <c>epoch:seq</c>, the epoch
/// made per watcher, so an id from another server process or an earlier watcher gets a snapshot.
/// </summary>
internal sealed class RunWatcher
{
    public const int HistoryBatches = 512;

    private readonly object gate = new();
    private readonly LinkedList<(long Seq, byte[] Json)> history = new();
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource news = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<string, int> index = new(StringComparer.Ordinal);
    private StepCell[] steps = [];
    private RunCell run;
    private string graph = string.Empty;
    private string layoutKey = string.Empty;

    public RunWatcher(string id)
    {
        this.Id = id;
        this.Epoch = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
    }

    public string Id { get; }

    /// <summary>Gets the run's graph once the first poll has read it: later polls read only what changes.</summary>
    public GraphDefinition? Graph { get; private set; }

    public string Epoch { get; }

    /// <summary>Gets the number of the last batch (0 before any change).</summary>
    public long Seq { get; private set; }

    /// <summary>Gets a value indicating whether the run has ended: no batch follows the last.</summary>
    public bool Ended { get; private set; }

    /// <summary>Gets a task that completes with the first poll, or fails with what it threw (no such run).</summary>
    public Task Ready => this.ready.Task;

    /// <summary>Gets how many listeners hold a lease; the poller stops a while after it drops to 0.</summary>
    public int Listeners { get; set; }

    public string EventId(long seq) => $"{this.Epoch}:{seq}";

    /// <summary>Takes a poll's result: the first makes the snapshot, later ones a batch of what changed (if anything did).</summary>
    public void Apply(RunSnapshot snapshot)
    {
        var records = new Dictionary<string, Products.StepResult>(StringComparer.Ordinal);
        foreach (var record in snapshot.Steps)
        {
            records[record.Step] = record;
        }

        var now = snapshot.Graph.Steps.Select(s => StepCell.Of(snapshot.States.GetValueOrDefault(s.Name), records.GetValueOrDefault(s.Name))).ToArray();
        var header = new RunCell(snapshot.State, snapshot.Metadata.CreatedAt.ToUnixTimeMilliseconds(), snapshot.Metadata.LastUpdatedAt.ToUnixTimeMilliseconds(), snapshot.ToView(null).Error);
        TaskCompletionSource? wake = null;
        lock (this.gate)
        {
            if (!this.ready.Task.IsCompleted)
            {
                this.Graph = snapshot.Graph;
                this.graph = snapshot.Graph.Name;
                this.layoutKey = GraphLayout.KeyOf(snapshot.Graph);
                this.index = snapshot.Graph.Steps.Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
                this.steps = now;
                this.run = header;
                this.Ended = IsEnded(header.State);
            }
            else
            {
                var changed = Enumerable.Range(0, Math.Min(now.Length, this.steps.Length)).Where(i => now[i] != this.steps[i]).ToList();
                if (changed.Count > 0 || header != this.run)
                {
                    this.Seq++;
                    this.steps = now;
                    this.run = header;
                    this.Ended = IsEnded(header.State);
                    this.history.AddLast((this.Seq, this.WriteChanges(changed)));
                    if (this.history.Count > HistoryBatches)
                    {
                        this.history.RemoveFirst();
                    }

                    wake = this.news;
                    this.news = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }

        this.ready.TrySetResult();
        wake?.TrySetResult();
    }

    /// <summary>The first poll failed: listeners waiting for it get the error.</summary>
    public void Fail(Exception error) => this.ready.TrySetException(error);

    /// <summary>Gets the batches after <paramref name="lastEventId"/>, or <see langword="null"/> when a snapshot is needed (another epoch, or too far behind).</summary>
    public IReadOnlyList<(long Seq, byte[] Json)>? After(string? lastEventId) =>
        lastEventId is not null && lastEventId.Split(':') is [var epoch, var text] && epoch == this.Epoch
            && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq)
            ? this.After(seq)
            : null;

    /// <summary>Gets the batches after <paramref name="seq"/>, or <see langword="null"/> when they are no longer kept.</summary>
    public IReadOnlyList<(long Seq, byte[] Json)>? After(long seq)
    {

        lock (this.gate)
        {
            if (seq > this.Seq || (seq < this.Seq && (this.history.First is null || this.history.First.Value.Seq > seq + 1)))
            {
                return null;
            }

            return [.. this.history.Where(b => b.Seq > seq)];
        }
    }

    /// <summary>Waits until a batch after <paramref name="seq"/> exists, or the time is up.</summary>
    public async Task<bool> WaitAsync(long seq, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        Task news;
        lock (this.gate)
        {
            if (this.Seq > seq)
            {
                return true;
            }

            news = this.news.Task;
        }

        using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var done = await Task.WhenAny(news, Task.Delay(timeout, clock, delay.Token)).ConfigureAwait(false);
        await delay.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return done == news;
    }

    /// <summary>Writes the whole picture now: the run, every step's state, and the times and attempts of those that started.</summary>
    public (long Seq, byte[] Json) Snapshot()
    {
        lock (this.gate)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("id", this.EventId(this.Seq));
                json.WriteString("graph", this.graph);
                json.WriteString("layout", this.layoutKey);
                this.WriteRun(json);
                json.WriteStartArray("states");
                foreach (var step in this.steps)
                {
                    json.WriteNumberValue((int)step.State);
                }

                json.WriteEndArray();
                json.WriteStartArray("steps");
                for (var i = 0; i < this.steps.Length; i++)
                {
                    if (this.steps[i].Attempts > 0 || this.steps[i].Started is not null)
                    {
                        WriteStep(json, i, this.steps[i]);
                    }
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            return (this.Seq, buffer.ToArray());
        }
    }

    public int IndexOf(string step) => this.index.GetValueOrDefault(step, -1);

    private static bool IsEnded(RunState state) => state is not (RunState.Pending or RunState.Running);

    private byte[] WriteChanges(List<int> changed)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", this.EventId(this.Seq));
            this.WriteRun(json);
            json.WriteStartArray("steps");
            foreach (var i in changed)
            {
                WriteStep(json, i, this.steps[i]);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private void WriteRun(Utf8JsonWriter json)
    {
        json.WriteStartObject("run");
        json.WriteString("state", this.run.State.ToString());
        json.WriteNumber("createdAt", this.run.Created);
        json.WriteNumber("updatedAt", this.run.Updated);
        if (this.run.Error is { } error)
        {
            json.WriteString("error", error);
        }

        json.WriteEndObject();
    }

    // [index, state, attempts, started ms or null, ended ms or null]
    private static void WriteStep(Utf8JsonWriter json, int i, StepCell step)
    {
        json.WriteStartArray();
        json.WriteNumberValue(i);
        json.WriteNumberValue((int)step.State);
        json.WriteNumberValue(step.Attempts);
        Time(json, step.Started);
        Time(json, step.Ended);
        json.WriteEndArray();
    }

    private static void Time(Utf8JsonWriter json, long? ms)
    {
        if (ms is { } value)
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private readonly record struct RunCell(RunState State, long Created, long Updated, string? Error);

    private readonly record struct StepCell(StepState State, int Attempts, long? Started, long? Ended)
    {
        public static StepCell Of(StepState state, Products.StepResult? record) =>
            new(state, record?.Attempts ?? 0, record?.StartedAt?.ToUnixTimeMilliseconds(), record?.EndedAt?.ToUnixTimeMilliseconds());
    }
}
