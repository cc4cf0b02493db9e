using Bazaar.Remotes;

namespace Bazaar.Engine.Tests.Orchestration.ExecuteStep;

/// <summary>A remote whose behaviour the test writes; it counts how often it ran.</summary>
internal sealed class ScriptedRemote(Func<StepContext, CancellationToken, Task<RemoteResult>> run) : IRemote
{
    public const string TypeName = "scripted";

    private int runs;

    public string Type => TypeName;

    public int Runs => Volatile.Read(ref this.runs);

    public Task<RemoteResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref this.runs);
        return run(context, cancellationToken);
    }

    /// <summary>A remote that runs the step in its workspace folder: <paramref name="work"/> gets the prepared folder.</summary>
    public static ScriptedRemote InWorkspace(Func<string, StepContext, Task> work) => new(async (context, ct) =>
    {
        var folder = await context.Workspace.PrepareAsync(ct);
        await work(folder, context);
        return RemoteResult.Success;
    });
}
