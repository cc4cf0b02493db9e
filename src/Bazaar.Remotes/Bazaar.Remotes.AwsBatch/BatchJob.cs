using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Bazaar.Remotes.AwsBatch;

/// <summary>One attempt as a Batch job: the step's settings resolved against the host's defaults and allow-lists.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Step">The step.</param>
/// <param name="Attempt">The attempt.</param>
/// <param name="JobQueue">The job queue's name or ARN.</param>
/// <param name="JobDefinition">The job definition.</param>
/// <param name="Vcpus">The vCPUs, or <see langword="null"/>.</param>
/// <param name="Memory">The memory in MiB, or <see langword="null"/>.</param>
/// <param name="AttemptDurationSeconds">Batch's own deadline for the job: the step's, plus the margin, at least 60.</param>
internal sealed partial record BatchJob(
    string RunId, string Step, int Attempt, string JobQueue, string JobDefinition, double? Vcpus, int? Memory, int AttemptDurationSeconds)
{
    /// <summary>The prefix of every job name, how the janitor knows Bazaar's jobs.</summary>
    public const string Prefix = "bazaar-";

    /// <summary>Gets the job's name.</summary>
    public string Name => NameFor(this.RunId, this.Step, this.Attempt);

    /// <summary>
    /// Names an attempt's job: the same run, step and attempt always give the same name, so a submission retried by
    /// Durable finds the job its first try submitted (Batch takes no client token, and allows two jobs of one name).
    /// <c>bazaar-</c> and 32 hex digits, within Batch's rule (1-128 of letters, digits, - and _) whatever the run and step are called.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt.</param>
    /// <returns>The name.</returns>
    public static string NameFor(string runId, string step, int attempt)
    {
        // Separated by a character neither a run id nor a step name holds, so (a, bc) and (ab, c) differ.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{runId}\n{step}\n{attempt}"));
        return Prefix + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>Gets a value indicating whether a job is a Batch job id (a check before it is sent anywhere).</summary>
    /// <param name="job">The job, as <see cref="AwsBatchRemote.SubmitAsync"/> named it.</param>
    /// <returns><see langword="true"/> for a job id (a UUID).</returns>
    public static bool IsJobId(string job) => JobIdPattern().IsMatch(job ?? string.Empty);

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex JobIdPattern();
}
