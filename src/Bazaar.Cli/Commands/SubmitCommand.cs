using Bazaar.Cli.Exceptions;
using Bazaar.Cli.Output;
using Bazaar.Cli.Remote;
using Bazaar.Graphs;
using Bazaar.Http;
using Bazaar.Orchestration;
using Spectre.Console.Cli;

namespace Bazaar.Cli.Commands;

/// <summary>
/// <c>bazaar submit FILE --url BASE</c>: starts a run on a Bazaar server (the Function App or
/// <c>bazaar serve</c>) and follows it with the progress, summary and exit codes of <c>bazaar run</c>.
/// </summary>
internal sealed class SubmitCommand(StandardStreams streams) : AsyncCommand<SubmitSettings>
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    // How long the server may be unreachable while a run is followed before submit gives up on it.
    private static readonly TimeSpan LostContactAfter = TimeSpan.FromSeconds(60);

    public override async Task<int> ExecuteAsync(CommandContext context, SubmitSettings settings, CancellationToken cancellationToken)
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

        using var api = new ApiClient(settings.BaseUrl!, settings.EffectiveKey, settings.EffectiveToken);
        StartedRun started;
        try
        {
            var options = new RunOptions { MaxParallel = settings.MaxParallel, FailurePolicy = settings.FailurePolicy };
            started = await api.StartAsync(settings.File, settings.ParsedInputs(), options, cancellationToken);
        }
        catch (ApiCallException e)
        {
            return Refused(console, settings.File, e);
        }

        if (settings.Detach)
        {
            console.Data.WriteLine(settings.Json ? CliJson.Serialize(started) : $"Run {started.Id} started: {started.Links.Self}");
            return ExitCodes.Success;
        }

        console.Note($"Run {started.Id} started on {api.BaseUrl}: {started.Steps} steps of graph '{started.Graph}'.");
        var progress = new RunProgressView(console, graph);
        RunView run;
        try
        {
            run = await progress.FollowAsync(() => FollowAsync(api, started.Id, progress, cancellationToken));
        }
        catch (OperationCanceledException)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await api.CancelAsync(started.Id, "interrupted from bazaar submit", grace.Token);
                console.Error($"Run {started.Id} interrupted; the server was asked to cancel it.");
            }
            catch (Exception e) when (e is ApiCallException or OperationCanceledException)
            {
                console.Error($"Run {started.Id} interrupted, but cancelling it on the server failed ({e.Message}); it may still be running: {started.Links.Self}");
            }

            return ExitCodes.Interrupted;
        }
        catch (ApiCallException e)
        {
            console.Error($"{e.Message} The run goes on on the server; follow it at {started.Links.Self}.");
            return ExitCodes.Infrastructure;
        }

        if (run.Result is not { } result)
        {
            console.Error($"Run {run.Id} ended {run.State}: {run.Error ?? "no result"}. The server's engine failed; see its logs.");
            return ExitCodes.Infrastructure;
        }

        console.Summary(result, fetchHint: $"curl {FetchCredential(settings)}-o PATH {api.BaseUrl}{ApiRoutes.Runs}/{run.Id}/products/NAME");
        return result.Succeeded ? ExitCodes.Success : ExitCodes.StepFailed;
    }

    /// <summary>Polls the run until it ends, telling <paramref name="progress"/> of each step that changed.</summary>
    private static async Task<RunView> FollowAsync(ApiClient api, string id, RunProgressView progress, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, (StepState State, int Attempts)>(StringComparer.Ordinal);
        var lastContact = DateTimeOffset.UtcNow;
        while (true)
        {
            RunView run;
            try
            {
                run = await api.GetRunAsync(id, cancellationToken);
                lastContact = DateTimeOffset.UtcNow;
            }
            catch (ApiCallException e) when (!e.IsClientError && DateTimeOffset.UtcNow - lastContact < LostContactAfter)
            {
                // A restarting server or a dropped connection: keep following until it has been gone too long.
                await Task.Delay(PollInterval * 4, cancellationToken);
                continue;
            }

            // In the order things happened, so a step that ended shows before the one it unblocked started.
            foreach (var step in run.Steps.OrderBy(s => s.EndedAt ?? s.StartedAt ?? DateTimeOffset.MaxValue))
            {
                if (seen.TryGetValue(step.Step, out var before) && before == (step.State, step.Attempts))
                {
                    continue;
                }

                seen[step.Step] = (step.State, step.Attempts);
                if (step.State == StepState.Running)
                {
                    progress.OnStepStarted(id, step);
                }
                else
                {
                    progress.OnStepEnded(id, step);
                }
            }

            if (run.State is not (RunState.Pending or RunState.Running))
            {
                return run;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static int Refused(CliConsole console, string file, ApiCallException e)
    {
        if (e.Problems.Count > 0)
        {
            console.Problems(file, e.Problems);
            return ExitCodes.Invalid;
        }

        console.Error(e.Message);
        return e.IsClientError ? ExitCodes.Invalid : ExitCodes.Infrastructure;
    }

    /// <summary>The credential for the fetch hint, by name, never by value: the hint is printed and may be logged.</summary>
    private static string FetchCredential(SubmitSettings settings)
    {
        static bool FromEnvironment(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 };
        if (settings.EffectiveKey is not null)
        {
            return settings.Key is null && FromEnvironment("BAZAAR_FUNCTION_KEY") ? "-H \"x-functions-key: $BAZAAR_FUNCTION_KEY\" " : "-H \"x-functions-key: KEY\" ";
        }

        if (settings.EffectiveToken is null)
        {
            return string.Empty;
        }

        return settings.Token is not null ? "-H \"Authorization: Bearer TOKEN\" "
            : FromEnvironment("BAZAAR_API_TOKEN") ? "-H \"Authorization: Bearer $BAZAAR_API_TOKEN\" "
            : $"-H \"Authorization: Bearer $(cat {Hosting.ServeToken.FilePath})\" ";
    }
}
