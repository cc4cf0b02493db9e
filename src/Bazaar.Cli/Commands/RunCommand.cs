using Bazaar.Cli.Hosting;
using Bazaar.Cli.Output;
using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary><c>bazaar run FILE</c>: runs a graph on the local durable host and reports how it went.</summary>
internal sealed class RunCommand : AsyncCommand<RunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var console = new CliConsole(settings.Json);
        if (console.LoadGraph(settings.File) is not { } graph)
        {
            return ExitCodes.Invalid;
        }

        var inputs = settings.ParsedInputs();
        if (settings.InputProblems(graph) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                console.Error(problem);
            }

            return ExitCodes.Invalid;
        }

        using var loggerFactory = CliLogging.Create(settings.Verbose);
        await using var storage = await StorageSession.OpenAsync(settings, cancellationToken);
        if (storage.Notice is { } notice)
        {
            console.Note(notice);
        }

        var progress = new RunProgressView(console, graph);
        await using var host = await LocalDurableHost.StartAsync(
            storage.Options,
            bazaar =>
            {
                InstalledRemotes.AddTo(bazaar);
                bazaar.Services.AddSingleton<IStepObserver>(progress);
                bazaar.Services.Configure<BazaarOptions>(o => o.KeepWorkspaces = settings.KeepWorkspaces);
            },
            loggerFactory,
            cancellationToken);

        var runId = RunIds.New(graph.Name);
        foreach (var (name, path) in inputs)
        {
            await host.ProductStore.PutAsync(runId, name, Path.GetFullPath(path), new ProductProducer(runId, null, 0, null), cancellationToken);
        }

        var request = new RunRequest
        {
            RunId = runId,
            Graph = graph,
            Inputs = inputs.Select(i => i.Name).ToList(),
            Options = new RunOptions { MaxParallel = settings.MaxParallel, FailurePolicy = settings.FailurePolicy },
        };
        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            BazaarTasks.RunGraph, request, new StartOrchestrationOptions { InstanceId = runId }, cancellationToken);
        console.Note($"Run {runId} started: {graph.Steps.Count} steps of graph '{graph.Name}'.");

        OrchestrationMetadata metadata;
        try
        {
            metadata = await progress.FollowAsync(
                () => host.Client.WaitForRunAsync(runId, cancellationToken: cancellationToken));
        }
        catch (OperationCanceledException)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await host.Client.TerminateInstanceAsync(runId, new TerminateInstanceOptions { Output = "cancelled from the command line" }, grace.Token);
            console.Error($"Run {runId} interrupted; steps in flight were abandoned.");
            return ExitCodes.Interrupted;
        }

        if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Completed || metadata.ReadOutputAs<RunResult>() is not { } result)
        {
            console.Error($"Run {runId} ended {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage ?? "no result"}. This is a bug in Bazaar; please report it.");
            return ExitCodes.Infrastructure;
        }

        console.Summary(result);
        return result.Succeeded ? ExitCodes.Success : ExitCodes.StepFailed;
    }
}
