using System.Diagnostics;
using Bazaar.Benchmarks.Floor;
using Bazaar.Benchmarks.Shapes;
using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Microsoft.DurableTask;
using Bazaar.Products;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Benchmarks.Suites;

/// <summary>Runs one graph on Bazaar or on the floor and times it the same way for both.</summary>
internal static class Runs
{
    /// <summary>A finished run: its span inside the orchestration, the client's wall time, and its output.</summary>
    internal sealed record Timed<T>(TimeSpan Span, TimeSpan Wall, T? Output, string? Failure)
        where T : class;

    public static async Task<Timed<RunResult>> BazaarAsync(LocalDurableHost host, GraphDefinition graph, RunOptions options, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var runId = "bench-" + Guid.NewGuid().ToString("N")[..12];
        var request = new RunRequest { RunId = runId, Graph = graph, Options = options };
        var (wall, metadata, failure) = await ScheduleAndWaitAsync(host, BazaarTasks.RunGraph, runId, request, timeout, cancellationToken);
        // Read whole, as the CLI does: a sharded run's output holds states only, its shards' files the rest.
        var result = metadata is null ? null : await RunResults.ReadAsync(metadata, host.Services.GetRequiredService<IStepRecords>(), cancellationToken);
        if (result is not null && !result.Succeeded)
        {
            failure ??= "run did not succeed: " + string.Join("; ", result.Steps.Where(s => s.Error is not null).Take(3).Select(s => $"{s.Step}: {s.Error}"));
        }

        return new Timed<RunResult>(result is null ? wall : result.EndedAt - result.StartedAt, wall, result, failure);
    }

    public static async Task<Timed<FloorResult>> FloorAsync(LocalDurableHost host, ShapeGraph shape, int maxParallel, bool stamps, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var runId = "floor-" + Guid.NewGuid().ToString("N")[..12];
        var request = new FloorRequest { Dependencies = shape.Dependencies, SleepMs = shape.SleepMs, MaxParallel = maxParallel, ReturnStamps = stamps };
        var (wall, metadata, failure) = await ScheduleAndWaitAsync(host, FloorOrchestrator.Name, runId, request, timeout, cancellationToken);
        var result = metadata?.ReadOutputAs<FloorResult>();
        if (result is not null && result.Completed != shape.Count)
        {
            failure ??= $"floor completed {result.Completed} of {shape.Count} steps";
        }

        return new Timed<FloorResult>(result is null ? wall : result.EndedAt - result.StartedAt, wall, result, failure);
    }

    private static async Task<(TimeSpan Wall, OrchestrationMetadata? Metadata, string? Failure)> ScheduleAndWaitAsync(
        LocalDurableHost host, string orchestrator, string runId, object input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions { InstanceId = runId }, cancel.Token);
            var metadata = await host.Client.WaitForRunAsync(runId, TimeSpan.FromMilliseconds(50), cancel.Token);
            var wall = clock.Elapsed;
            return metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                ? (wall, metadata, null)
                : (wall, null, $"{orchestrator} ended {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && cancel.IsCancellationRequested)
        {
            // Timed out: stop it so it does not steal the shared host from the next measurement.
            await host.Client.TerminateInstanceAsync(runId, "benchmark timeout", CancellationToken.None);
            return (clock.Elapsed, null, $"did not finish within {timeout.TotalSeconds:0} s (terminated)");
        }
    }
}
