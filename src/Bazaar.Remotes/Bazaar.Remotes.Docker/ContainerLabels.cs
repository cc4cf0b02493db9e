using System.Globalization;

namespace Bazaar.Remotes.Docker;

/// <summary>
/// The labels every container Bazaar starts carries: which run, step and attempt it serves, and which
/// host process owns it, so leftovers can be found and only those of dead owners removed.
/// </summary>
internal static class ContainerLabels
{
    /// <summary>Present on every Bazaar container; its value is <c>true</c>.</summary>
    public const string Managed = "dev.bazaar.managed";

    /// <summary>The run id.</summary>
    public const string Run = "dev.bazaar.run";

    /// <summary>The step name.</summary>
    public const string Step = "dev.bazaar.step";

    /// <summary>The attempt.</summary>
    public const string Attempt = "dev.bazaar.attempt";

    /// <summary>What the container is for: <c>step</c>, or <c>reclaim</c> for the ownership fix-up.</summary>
    public const string Role = "dev.bazaar.role";

    /// <summary>The owning process: <c>machine/pid/start</c>, start in Unix seconds.</summary>
    public const string Owner = "dev.bazaar.owner";

    private static readonly Lazy<string> LazyThisProcess = new(() =>
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return Format(Environment.MachineName, Environment.ProcessId, self.StartTime);
    });

    /// <summary>Gets the owner value of this process.</summary>
    public static string ThisProcess => LazyThisProcess.Value;

    /// <summary>Creates the labels of a container.</summary>
    /// <param name="context">The step.</param>
    /// <param name="role">What the container is for.</param>
    /// <returns>The labels.</returns>
    public static Dictionary<string, string> For(StepContext context, string role) => new(StringComparer.Ordinal)
    {
        [Managed] = "true",
        [Run] = context.RunId,
        [Step] = context.Step.Name,
        [Attempt] = context.Attempt.ToString(CultureInfo.InvariantCulture),
        [Role] = role,
        [Owner] = ThisProcess,
    };

    /// <summary>Formats an owner value.</summary>
    /// <param name="machine">The machine name.</param>
    /// <param name="processId">The process id.</param>
    /// <param name="started">When the process started.</param>
    /// <returns>The value.</returns>
    public static string Format(string machine, int processId, DateTime started) =>
        string.Create(CultureInfo.InvariantCulture, $"{machine}/{processId}/{new DateTimeOffset(started.ToUniversalTime()).ToUnixTimeSeconds()}");

    /// <summary>Tells whether an owner on this machine still runs: same id, same start time (a reused id is a different process).</summary>
    /// <param name="owner">The owner value.</param>
    /// <param name="onThisMachine">Set to whether the owner is (or was) on this machine.</param>
    /// <returns><see langword="true"/> when the owner runs, or cannot be judged from here.</returns>
    public static bool OwnerRuns(string? owner, out bool onThisMachine)
    {
        onThisMachine = false;
        var parts = owner?.Split('/') ?? [];
        if (parts.Length != 3 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var processId)
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var started))
        {
            return true;
        }

        if (!string.Equals(parts[0], Environment.MachineName, StringComparison.Ordinal))
        {
            return true;
        }

        onThisMachine = true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            var actual = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds();
            return Math.Abs(actual - started) <= 1;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false; // it exited while we looked
        }
    }
}
