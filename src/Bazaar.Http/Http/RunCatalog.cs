using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask.Client;

namespace Bazaar.Http;

/// <summary>
/// What can be read and asked of runs on a task hub, written once: the HTTP API's routes answer
/// with it and the CLI's <c>runs</c>, <c>status</c>, <c>logs</c>, <c>cancel</c> and <c>products</c>
/// verbs print it. Missing things are exceptions whose message says what was not there
/// (<see cref="RunNotFoundException"/>, <see cref="NotFoundException"/>, <see cref="RunEndedException"/>);
/// each caller adds where it looked and what to do, in its own terms.
/// </summary>
/// <param name="refs">The runs' product refs.</param>
/// <param name="records">The runs' step records.</param>
/// <param name="logs">The runs' step logs.</param>
/// <param name="cancelRequests">Where a run is asked to stop.</param>
public sealed partial class RunCatalog(IProductRefs refs, IStepRecords records, IStepLogs logs, ICancelRequests cancelRequests)
{
    // Listing reads the instances table; past this many, older runs are left out rather than read.
    private const int MaxRunsScanned = 10_000;

    private static readonly System.Text.Json.JsonSerializerOptions StatusJson = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Lists the recent runs, newest first.</summary>
    /// <param name="client">The Durable Task client of the task hub.</param>
    /// <param name="limit">How many to list at most.</param>
    /// <param name="state">Only runs in this state, or all when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The runs, without links.</returns>
    public static async Task<IReadOnlyList<RunSummary>> ListAsync(DurableTaskClient client, int limit, RunState? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var query = new OrchestrationQuery { PageSize = 500, FetchInputsAndOutputs = false };
        var runs = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (instance.Name == BazaarTasks.RunGraph)
            {
                runs.Add(instance);
            }

            if (runs.Count >= MaxRunsScanned)
            {
                break;
            }
        }

        return runs
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.InstanceId, StringComparer.Ordinal)
            .Select(Summarize)
            .Where(r => state is null || r.State == state)
            .Take(limit)
            .ToList();
    }

    /// <summary>Reads a run: its state, each step's state and record, and its result once it has ended.</summary>
    /// <param name="client">The Durable Task client of the task hub.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The run, without links.</returns>
    /// <exception cref="RunNotFoundException">There is no such run.</exception>
    public async Task<RunView> GetAsync(DurableTaskClient client, string id, CancellationToken cancellationToken) =>
        (await this.SnapshotAsync(client, id, cancellationToken).ConfigureAwait(false)).ToView(links: null);

    /// <summary>Lists the products a run has made so far, by name.</summary>
    /// <param name="client">The Durable Task client of the task hub.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>Each product's ref: kind, size, digest and producer.</returns>
    /// <exception cref="RunNotFoundException">There is no such run.</exception>
    public async Task<IReadOnlyList<ProductRef>> ListProductsAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        await ExistsAsync(client, id, cancellationToken).ConfigureAwait(false);
        var products = new List<ProductRef>();
        await foreach (var product in refs.ListProductsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            products.Add(product);
        }

        return [.. products.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>Finds one product of a run.</summary>
    /// <param name="client">The Durable Task client of the task hub.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="name">The product's name.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The product's ref.</returns>
    /// <exception cref="RunNotFoundException">There is no such run.</exception>
    /// <exception cref="NotFoundException">The run has no such product (yet).</exception>
    public async Task<ProductRef> GetProductAsync(DurableTaskClient client, string id, string name, CancellationToken cancellationToken)
    {
        await ExistsAsync(client, id, cancellationToken).ConfigureAwait(false);
        return await refs.GetAsync(id, name, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException($"Run '{id}' has no product '{name}' (not yet, or its graph has none by that name).");
    }

    /// <summary>
    /// Asks a run to stop: nothing new starts, steps in flight are stopped on whichever host runs
    /// them (they watch for the request in storage), and the orchestrator hears the cancel event.
    /// </summary>
    /// <param name="client">The Durable Task client of the task hub.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="reason">Why, in a person's words; control characters are dropped and it is cut at 200 characters.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The reason as recorded.</returns>
    /// <exception cref="RunNotFoundException">There is no such run.</exception>
    /// <exception cref="RunEndedException">The run has already ended.</exception>
    public async Task<string> CancelAsync(DurableTaskClient client, string id, string reason, CancellationToken cancellationToken)
    {
        var metadata = await ExistsAsync(client, id, cancellationToken).ConfigureAwait(false);
        if (metadata.IsCompleted)
        {
            throw new RunEndedException($"Run '{id}' has already ended ({metadata.RuntimeStatus}); there is nothing to cancel.");
        }

        var recorded = new string((reason ?? string.Empty).Where(c => !char.IsControl(c)).Take(200).ToArray());
        recorded = string.IsNullOrWhiteSpace(recorded) ? "cancelled" : recorded;
        // The event first: steps in flight see the request in storage within seconds and end as
        // cancelled, and the orchestrator must already know why by then, or it ends the run as failed.
        await client.RaiseEventAsync(id, BazaarTasks.CancelEvent, recorded, cancellationToken).ConfigureAwait(false);
        await cancelRequests.RequestCancelAsync(id, recorded, cancellationToken).ConfigureAwait(false);
        return recorded;
    }

    /// <summary>Reads a run at one moment: metadata, graph, result once ended, and the step records.</summary>
    internal async Task<RunSnapshot> SnapshotAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        var (metadata, run) = await LoadAsync(client, id, cancellationToken).ConfigureAwait(false);
        var result = await RunResults.ReadAsync(metadata, records, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<StepResult> steps = result?.Steps ?? await this.ListStepsAsync(id, run.Graph, cancellationToken).ConfigureAwait(false);
        return new RunSnapshot(metadata, run.Graph, result, steps);
    }

    /// <summary>
    /// Reads a run whose graph the caller already has (a run's graph never changes): while it runs, only its
    /// metadata and step records, not its input again (megabytes for a large graph); once ended, in full.
    /// </summary>
    internal async Task<RunSnapshot> SnapshotAsync(DurableTaskClient client, string id, GraphDefinition graph, CancellationToken cancellationToken)
    {
        var metadata = await ExistsAsync(client, id, cancellationToken).ConfigureAwait(false);
        return metadata.IsCompleted
            ? await this.SnapshotAsync(client, id, cancellationToken).ConfigureAwait(false)
            : new RunSnapshot(metadata, graph, null, await this.ListStepsAsync(id, graph, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reads a run's orchestration with its input: the graph it runs.</summary>
    internal static async Task<(OrchestrationMetadata Metadata, RunRequest Run)> LoadAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return metadata is { Name: BazaarTasks.RunGraph } && metadata.ReadInputAs<RunRequest>() is { } input
            ? (metadata, input)
            : throw NoSuchRun(id);
    }

    private static async Task<OrchestrationMetadata> ExistsAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is { Name: BazaarTasks.RunGraph } metadata
            ? metadata
            : throw NoSuchRun(id);
    }

    private static RunNotFoundException NoSuchRun(string id) => new($"There is no run '{id}'.");

    // The step records so far, and the steps without run whose product refs record them (MarkerSteps):
    // the products are listed only when such a step has no record, one listing for them all.
    private async Task<List<StepResult>> ListStepsAsync(string id, GraphDefinition graph, CancellationToken cancellationToken)
    {
        var steps = new List<StepResult>();
        await foreach (var record in records.ListStepRecordsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            steps.Add(record);
        }

        var recorded = steps.Select(s => s.Step).ToHashSet(StringComparer.Ordinal);
        var unrecorded = graph.Steps.Where(s => !recorded.Contains(s.Name) && MarkerSteps.IsRecordedByRefs(s)).ToList();
        if (unrecorded.Count > 0)
        {
            var products = new Dictionary<string, ProductRef>(StringComparer.Ordinal);
            await foreach (var product in refs.ListProductsAsync(id, cancellationToken).ConfigureAwait(false))
            {
                products[product.Name] = product;
            }

            steps.AddRange(unrecorded.Select(s => MarkerSteps.RecordOf(id, s, products.GetValueOrDefault)).OfType<StepResult>());
        }

        return steps;
    }

    private static RunSummary Summarize(OrchestrationMetadata run)
    {
        var status = ReadStatus(run);
        return new RunSummary
        {
            Id = run.InstanceId,
            Graph = status?.Graph,
            State = RunSnapshot.StateOf(run.RuntimeStatus, status?.Cancelled, status is null ? null : Succeeded(status)),
            CreatedAt = run.CreatedAt,
            UpdatedAt = run.LastUpdatedAt,
            Counts = status?.Counts.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value),
        };
    }

    // The list is fetched without inputs and outputs (each run's graph and result), and then the
    // client refuses ReadCustomStatusAs although the status came back; it is read directly.
    private static RunStatus? ReadStatus(OrchestrationMetadata metadata)
    {
        try
        {
            return metadata.SerializedCustomStatus is { Length: > 0 } json
                ? System.Text.Json.JsonSerializer.Deserialize<RunStatus>(json, StatusJson)
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static bool Succeeded(RunStatus status) =>
        status.Counts.All(c => c.Key.IsSatisfied() || c.Value == 0);
}
