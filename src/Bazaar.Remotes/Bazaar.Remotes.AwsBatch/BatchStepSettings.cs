namespace Bazaar.Remotes.AwsBatch;

/// <summary>A step's <c>aws-batch</c> settings, read and checked; what it leaves out comes from the host.</summary>
/// <param name="JobQueue">The job queue's name or ARN, or <see langword="null"/> for the host's.</param>
/// <param name="JobDefinition">The job definition (<c>name</c>, <c>name:revision</c> or its ARN), or <see langword="null"/> for the host's.</param>
/// <param name="Vcpus">The vCPUs (0.25 and up on Fargate), or <see langword="null"/> for the job definition's.</param>
/// <param name="Memory">The memory in MiB, or <see langword="null"/> for the job definition's.</param>
/// <param name="StartTimeout">How long the job may wait to start, or <see langword="null"/> for the host's.</param>
internal sealed record BatchStepSettings(string? JobQueue, string? JobDefinition, double? Vcpus, int? Memory, TimeSpan? StartTimeout);
