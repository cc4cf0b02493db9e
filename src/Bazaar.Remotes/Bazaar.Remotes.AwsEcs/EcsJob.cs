using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Bazaar.Remotes.AwsEcs;

/// <summary>One attempt as an ECS task: the step's settings resolved against the host's defaults and allow-lists.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Step">The step.</param>
/// <param name="Attempt">The attempt.</param>
/// <param name="Cluster">The cluster's name or ARN.</param>
/// <param name="TaskDefinition">The task definition.</param>
/// <param name="ContainerName">The container that runs the agent.</param>
/// <param name="LaunchType">The launch type, or <see langword="null"/> with a capacity provider (or for the cluster's default strategy).</param>
/// <param name="CapacityProvider">The capacity provider, or <see langword="null"/>.</param>
/// <param name="Subnets">The awsvpc subnets; empty for a task definition without awsvpc.</param>
/// <param name="SecurityGroups">The awsvpc security groups.</param>
/// <param name="AssignPublicIp">Whether the task gets a public IP.</param>
/// <param name="Cpu">The task's CPU units, or <see langword="null"/>.</param>
/// <param name="Memory">The task's memory in MiB, or <see langword="null"/>.</param>
internal sealed partial record EcsJob(
    string RunId,
    string Step,
    int Attempt,
    string Cluster,
    string TaskDefinition,
    string ContainerName,
    string? LaunchType,
    string? CapacityProvider,
    IReadOnlyList<string> Subnets,
    IReadOnlyList<string> SecurityGroups,
    bool AssignPublicIp,
    int? Cpu,
    int? Memory)
{
    /// <summary>The prefix of every task's <c>startedBy</c>, how the janitor knows Bazaar's tasks.</summary>
    public const string Prefix = "bazaar-";

    /// <summary>Gets the attempt's id: its <c>startedBy</c> and its <c>clientToken</c>.</summary>
    public string Id => IdFor(this.RunId, this.Step, this.Attempt);

    /// <summary>
    /// Names an attempt: the same run, step and attempt always give the same id, so a submission retried by Durable
    /// finds the task its first try started (by <c>startedBy</c>) and, failing that, ECS's idempotency on
    /// <c>clientToken</c> returns it instead of starting a second one. <c>bazaar-</c> and 29 hex digits: 36
    /// characters, ECS's limit for <c>startedBy</c>, whatever the run and step are called.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt.</param>
    /// <returns>The id.</returns>
    public static string IdFor(string runId, string step, int attempt)
    {
        // Separated by a character neither a run id nor a step name holds, so (a, bc) and (ab, c) differ.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{runId}\n{step}\n{attempt}"));
        return Prefix + Convert.ToHexStringLower(hash)[..29];
    }

    /// <summary>Gets a value indicating whether a job is a task ARN (a check before it is sent anywhere).</summary>
    /// <param name="job">The job, as <see cref="AwsEcsRemote.SubmitAsync"/> named it.</param>
    /// <param name="cluster">The cluster's name, from the ARN.</param>
    /// <returns><see langword="true"/> for <c>arn:aws:ecs:region:account:task/cluster/id</c>.</returns>
    public static bool TryParseTaskArn(string job, out string cluster)
    {
        var match = TaskArnPattern().Match(job ?? string.Empty);
        cluster = match.Success ? match.Groups["cluster"].Value : string.Empty;
        return match.Success;
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task/(?<cluster>[a-zA-Z0-9_-]{1,255})/[a-zA-Z0-9]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TaskArnPattern();
}
