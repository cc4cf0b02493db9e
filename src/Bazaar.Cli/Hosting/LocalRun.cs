using Bazaar.Cli.Output;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Cli.Hosting;

/// <summary>
/// A run on this machine, as <c>run</c> and <c>rerun</c> make one: storage (Azurite started when
/// needed), the local durable host with every installed remote, the run scheduled and followed
/// with progress, and the summary and exit code at the end.
/// </summary>
internal static class LocalRun
{
    /// <summary>Runs the request <paramref name="prepare"/> makes once the host is up; returns the exit code.</summary>
    public static async Task<int> ExecuteAsync(
        IStorageSettings storageSettings,
        bool verbose,
        bool keepWorkspaces,
        CliConsole console,
        Func<LocalDurableHost, CancellationToken, Task<RunRequest>> prepare,
        CancellationToken cancellationToken)
    {
        using var loggerFactory = CliLogging.Create(verbose);
        await using var storage = await StorageSession.OpenAsync(storageSettings, console, cancellationToken);

        var relay = new StepObserverRelay();
        await using var host = await LocalDurableHost.StartAsync(
            storage.Options,
            bazaar =>
            {
                InstalledRemotes.AddTo(bazaar);
                bazaar.Services.AddSingleton<IStepObserver>(relay);
                bazaar.Services.Configure<BazaarOptions>(o => o.KeepWorkspaces = keepWorkspaces);
            },
            loggerFactory,
            cancellationToken);

        RunRequest request;
        try
        {
            request = await prepare(host, cancellationToken);
        }
        catch (RunNotFoundException e)
        {
            console.Error($"{e.Message} Looked on {storage.Where}. `bazaar runs` lists the recent runs there.");
            return ExitCodes.Invalid;
        }

        var progress = new RunProgressView(console, request.Graph);
        relay.Target = progress;
        var runId = request.RunId;
        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            BazaarTasks.RunGraph, request, new StartOrchestrationOptions { InstanceId = runId }, cancellationToken);
        console.Note(request.RerunOf is null
            ? $"Run {runId} started: {request.Graph.Steps.Count} steps of graph '{request.Graph.Name}'."
            : $"Run {runId} started: a rerun of {request.RerunOf}, reusing {request.Reused.Count} products it made.");

        OrchestrationMetadata metadata;
        try
        {
            metadata = await progress.FollowAsync(() => host.Client.WaitForRunAsync(runId, cancellationToken: cancellationToken));
        }
        catch (OperationCanceledException)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await host.Client.TerminateInstanceAsync(runId, new TerminateInstanceOptions { Output = "cancelled from the command line" }, grace.Token);
            console.Error($"Run {runId} interrupted; steps in flight were abandoned.");
            return ExitCodes.Interrupted;
        }

        if (await RunResults.ReadAsync(metadata, host.Services.GetRequiredService<IStepRecords>(), cancellationToken) is not { } result)
        {
            console.Error($"Run {runId} ended {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage ?? "no result"}. This is a bug in Bazaar; please report it.");
            return ExitCodes.Infrastructure;
        }

        console.Summary(result);
        return result.Succeeded ? ExitCodes.Success : ExitCodes.StepFailed;
    }
}
