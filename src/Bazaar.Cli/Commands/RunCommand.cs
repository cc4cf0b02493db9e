using Bazaar.Cli.Hosting;
using Bazaar.Cli.Output;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary><c>bazaar run FILE</c>: runs a graph on the local durable host and reports how it went.</summary>
internal sealed class RunCommand(StandardStreams streams) : AsyncCommand<RunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var console = new CliConsole(streams, settings.Json);
        if (console.LoadGraph(settings.File) is not { } graph)
        {
            return ExitCodes.Invalid;
        }

        if (settings.InputProblems(graph) is { Count: > 0 } problems)
        {
            problems.ForEach(console.Error);
            return ExitCodes.Invalid;
        }

        var inputs = settings.ParsedInputs();
        return await LocalRun.ExecuteAsync(
            settings,
            settings.Verbose,
            settings.KeepWorkspaces,
            console,
            async (host, ct) =>
            {
                var runId = RunIds.New(graph.Name);
                var content = host.Services.GetRequiredService<IContentStore>();
                var refs = host.Services.GetRequiredService<IProductRefs>();
                foreach (var (name, path) in inputs)
                {
                    await content.PutAsync(refs, runId, name, Path.GetFullPath(path), new ProductProducer(runId, null, 0, null), ct);
                }

                return new RunRequest
                {
                    RunId = runId,
                    Graph = graph,
                    Inputs = inputs.Select(i => i.Name).ToList(),
                    Options = new RunOptions { MaxParallel = settings.MaxParallel, FailurePolicy = settings.FailurePolicy },
                };
            },
            cancellationToken);
    }
}
