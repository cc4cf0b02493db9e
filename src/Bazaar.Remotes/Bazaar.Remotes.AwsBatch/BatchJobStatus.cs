using System.Text.Json;

namespace Bazaar.Remotes.AwsBatch;

/// <summary>
/// Reads a job of Batch's <c>DescribeJobs</c> answer into what the engine asks: <c>SUBMITTED</c>, <c>PENDING</c>,
/// <c>RUNNABLE</c> and <c>STARTING</c> are pending — but a job still waiting to start (not yet <c>STARTING</c>) past its
/// start timeout is ended, with the reason (no capacity), so the attempt fails instead of waiting until its deadline;
/// <c>RUNNING</c> is running; <c>SUCCEEDED</c> and <c>FAILED</c> are ended, with the container's exit code when it ran
/// and Batch's <c>statusReason</c> and the container's <c>reason</c> otherwise.
/// </summary>
internal static class BatchJobStatus
{
    private static readonly string[] Waiting = ["SUBMITTED", "PENDING", "RUNNABLE"];

    /// <summary>Reads the job's status.</summary>
    /// <param name="job">The job's JSON.</param>
    /// <param name="now">The time now.</param>
    /// <param name="startTimeout">How long the job may wait to start.</param>
    /// <returns>The status.</returns>
    public static CallHomeJobStatus Read(JsonElement job, DateTimeOffset now, TimeSpan startTimeout)
    {
        var status = String(job, "status");
        var statusReason = String(job, "statusReason");
        if (status is "SUCCEEDED" or "FAILED")
        {
            var container = Child(job, "container");
            var exitCode = ExitCode(container);
            string? containerReason = String(container, "reason");
            if (Child(job, "attempts") is { ValueKind: JsonValueKind.Array } attempts && attempts.GetArrayLength() > 0)
            {
                var last = Child(attempts[attempts.GetArrayLength() - 1], "container");
                exitCode ??= ExitCode(last);
                containerReason ??= String(last, "reason");
            }

            var reasons = new[] { statusReason, containerReason }.Where(r => !string.IsNullOrEmpty(r)).Distinct().ToList();
            var reason = reasons.Count == 0 ? null : string.Join(": ", reasons);
            return exitCode is { } exit
                ? new CallHomeJobStatus(CallHomeJobState.Ended, exit, exit == 0 ? null : reason)
                : new CallHomeJobStatus(CallHomeJobState.Ended, null, reason ?? $"the job {status!.ToLowerInvariant()} and its container has no exit code");
        }

        if (status == "RUNNING")
        {
            return new CallHomeJobStatus(CallHomeJobState.Running);
        }

        if (status is not null && Waiting.Contains(status, StringComparer.Ordinal) &&
            Child(job, "createdAt") is { ValueKind: JsonValueKind.Number } created && created.TryGetInt64(out var ms) &&
            now - DateTimeOffset.FromUnixTimeMilliseconds(ms) is var waited && waited > startTimeout)
        {
            var queue = String(job, "jobQueue") is { } q ? q[(q.LastIndexOf('/') + 1)..] : "its queue";
            return new CallHomeJobStatus(
                CallHomeJobState.Ended,
                null,
                $"still {status} after {Graphs.GraphDuration.Format(waited)}, past its start timeout of {Graphs.GraphDuration.Format(startTimeout)}: no compute environment of job queue {queue} " +
                $"could run it (no capacity, or none that fits its vCPUs and memory){(statusReason is null ? string.Empty : $"; Batch says: {statusReason}")}. " +
                "Check the queue's compute environments (state, max vCPUs, instance types), or raise startTimeout:");
        }

        return new CallHomeJobStatus(CallHomeJobState.Pending, null, statusReason is null ? status : $"{status}: {statusReason}");
    }

    /// <summary>Reads the job's tag, or <see langword="null"/>.</summary>
    /// <param name="job">The job's JSON.</param>
    /// <param name="key">The tag's key.</param>
    /// <returns>Its value.</returns>
    public static string? Tag(JsonElement job, string key) => String(Child(job, "tags"), key);

    /// <summary>Reads a string property, or <see langword="null"/>.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property.</param>
    /// <returns>The string.</returns>
    public static string? String(JsonElement element, string name) =>
        Child(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static int? ExitCode(JsonElement container) =>
        Child(container, "exitCode") is { ValueKind: JsonValueKind.Number } code && code.TryGetInt32(out var n) ? n : null;

    private static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) ? child : default;
}
