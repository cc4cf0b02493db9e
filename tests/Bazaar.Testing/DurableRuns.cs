using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Bazaar.Testing;

/// <summary>Runs graphs to their end on a real <see cref="LocalDurableHost"/>, as the CLI does.</summary>
public static class DurableRuns
{
    /// <summary>Stores the inputs, schedules the run, waits for it and returns its result.</summary>
    /// <param name="host">The host.</param>
    /// <param name="graph">The graph.</param>
    /// <param name="options">Run options; the defaults when <see langword="null"/>.</param>
    /// <param name="inputs">Input name to a local file or folder.</param>
    /// <param name="timeout">How long the run may take (60 s by default).</param>
    /// <returns>The run's result; the run must have completed.</returns>
    public static async Task<RunResult> RunAsync(
        LocalDurableHost host, GraphDefinition graph, RunOptions? options = null, IReadOnlyDictionary<string, string>? inputs = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var runId = "it-" + Guid.NewGuid().ToString("N")[..12];
        var content = host.Services.GetRequiredService<IContentStore>();
        var refs = host.Services.GetRequiredService<IProductRefs>();
        foreach (var (name, path) in inputs ?? new Dictionary<string, string>())
        {
            await content.PutAsync(refs, runId, name, path, new ProductProducer(runId, null, 0, null), cancel.Token);
        }

        var request = new RunRequest { RunId = runId, Graph = graph, Inputs = inputs?.Keys.ToList() ?? [], Options = options ?? new RunOptions() };
        return await RunAsync(host, request, timeout);
    }

    /// <summary>Schedules a prepared run (a rerun, say), waits for it and returns its result.</summary>
    /// <param name="host">The host.</param>
    /// <param name="request">The run.</param>
    /// <param name="timeout">How long the run may take (60 s by default).</param>
    /// <returns>The run's result, read whole as the CLI and the API read it; the run must have completed.</returns>
    public static async Task<RunResult> RunAsync(LocalDurableHost host, RunRequest request, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(request);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var runId = request.RunId;
        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            BazaarTasks.RunGraph, request, new StartOrchestrationOptions { InstanceId = runId }, cancel.Token);
        var metadata = await host.Client.WaitForRunAsync(runId, cancellationToken: cancel.Token);
        Assert.True(
            metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            $"run {runId} ended {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        return (await RunResults.ReadAsync(metadata, host.Services.GetRequiredService<IStepRecords>(), cancel.Token))!;
    }

    /// <summary>Schedules a run and returns at once, with a task that ends with its result: for tests that act while it runs (cancel it, kill its job).</summary>
    /// <param name="host">The host.</param>
    /// <param name="graph">The graph.</param>
    /// <param name="options">Run options.</param>
    /// <param name="runIdPrefix">The first letters of the run's id.</param>
    /// <param name="timeout">How long the run may take.</param>
    /// <returns>The run's id, and its result to come.</returns>
    public static async Task<(string RunId, Task<RunResult> Done)> StartAsync(LocalDurableHost host, GraphDefinition graph, RunOptions options, string runIdPrefix, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(host);
        var ct = TestTimeout.Token(timeout);
        var runId = runIdPrefix + Guid.NewGuid().ToString("N")[..12];
        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            BazaarTasks.RunGraph, new RunRequest { RunId = runId, Graph = graph, Options = options }, new StartOrchestrationOptions { InstanceId = runId }, ct);
        return (runId, WaitAsync(host, runId, ct));
    }

    /// <summary>Reads a text product a run made.</summary>
    /// <param name="host">The host.</param>
    /// <param name="result">The run's result.</param>
    /// <param name="product">The product's name.</param>
    /// <returns>Its text.</returns>
    public static async Task<string> ReadProductAsync(LocalDurableHost host, RunResult result, string product)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(result);
        var reference = result.Steps.SelectMany(s => s.Products).Single(p => p.Name == product);
        var stream = await host.Services.GetRequiredService<IContentStore>().OpenReadAsync(reference, TestTimeout.Token());
        await using (stream)
        {
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync();
        }
    }

    /// <summary>Reads a step's log of its first attempt.</summary>
    /// <param name="host">The host.</param>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <returns>The log.</returns>
    public static async Task<string> ReadLogAsync(LocalDurableHost host, string runId, string step)
    {
        ArgumentNullException.ThrowIfNull(host);
        var stream = await host.Services.GetRequiredService<IStepLogs>().OpenLogReadAsync(runId, step, 1, 0, TestTimeout.Token());
        await using (stream!)
        {
            using var reader = new StreamReader(stream!);
            return await reader.ReadToEndAsync();
        }
    }

    private static async Task<RunResult> WaitAsync(LocalDurableHost host, string runId, CancellationToken ct)
    {
        var metadata = await host.Client.WaitForRunAsync(runId, cancellationToken: ct);
        return (await RunResults.ReadAsync(metadata, host.Services.GetRequiredService<IStepRecords>(), ct))!;
    }
}
