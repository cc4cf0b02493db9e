using Bazaar.Remotes;

namespace Bazaar.IntegrationTests;

/// <summary>
/// A remote that does not enforce a step's timeout — as a hung service call or a buggy plug-in
/// would not — so the orchestrator's backstop is what ends the step. It still stops on cancel.
/// </summary>
internal sealed class IgnoresTimeoutRemote : IRemote
{
    public const string TypeName = "ignores-timeout";

    public string Type => TypeName;

    public async Task<RemoteResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        await context.Log.WriteLineAsync("ignoring the timeout, sleeping 60 s", cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(60), cancellationToken);
        return RemoteResult.Success;
    }
}
