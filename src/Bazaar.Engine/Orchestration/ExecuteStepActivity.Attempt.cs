using Bazaar.Products;
using Bazaar.Remotes;

namespace Bazaar.Orchestration;

/// <content>Around an attempt: its running record and log, who is told it started and ended, its secrets and environment.</content>
internal sealed partial class ExecuteStepActivity
{
    /// <summary>
    /// Writes the step's running record and opens its log side by side: neither needs the other, and
    /// both are stored before the step runs.
    /// </summary>
    private async Task<IStepLog> StartAsync(ExecuteStepRequest input, StepResult record, CancellationToken cancellationToken)
    {
        var running = records.WriteStepRecordAsync(input.RunId, record, cancellationToken);
        var opening = logs.OpenLogAsync(input.RunId, input.Step.Name, input.Attempt, cancellationToken);
        try
        {
            await Task.WhenAll(running, opening).ConfigureAwait(false);
        }
        catch
        {
            if (opening.IsCompletedSuccessfully)
            {
                await opening.Result.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        return opening.Result;
    }

    private void Started(ExecuteStepRequest input, StepResult record)
    {
        Logs.StepStarted(logger, input.RunId, input.Step.Name, input.Attempt, input.Step.Remote.Type);
        foreach (var observer in observers)
        {
            observer.OnStepStarted(input.RunId, record);
        }
    }

    private void Ended(ExecuteStepRequest input, StepResult record)
    {
        Logs.StepEnded(logger, input.RunId, input.Step.Name, record.State, record.ExitCode);
        foreach (var observer in observers)
        {
            observer.OnStepEnded(input.RunId, record);
        }
    }

    /// <summary>Reads the values of the named secrets from this host's environment; unset ones are left out.</summary>
    private static Dictionary<string, string> ReadSecrets(IEnumerable<string> names)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                values[name] = value;
            }
        }

        return values;
    }

    private static Dictionary<string, string> BuildEnvironment(ExecuteStepRequest input, string workspace, Dictionary<string, string> secrets)
    {
        var environment = new Dictionary<string, string>(input.Step.Env, StringComparer.Ordinal);
        foreach (var name in input.Step.Secrets)
        {
            environment[name] = secrets[name];
        }

        environment["BAZAAR_RUN_ID"] = input.RunId;
        environment["BAZAAR_STEP"] = input.Step.Name;
        environment["BAZAAR_ATTEMPT"] = input.Attempt.ToString();
        environment["BAZAAR_WORKSPACE"] = workspace;
        return environment;
    }
}
