using System.Text.Json;
using System.Text.Json.Nodes;
using Bazaar.Graphs;
using Bazaar.Remotes.Aws;

namespace Bazaar.Remotes.AwsEcs;

/// <content>The calls to ECS: where they go, who signs them, and what ECS's refusals mean.</content>
internal sealed partial class AwsEcsRemote
{
    /// <summary>The IAM permissions the host's identity needs, as the README's policy lists them.</summary>
    internal const string PolicyAdvice =
        "The identity Bazaar runs as needs ecs:RunTask, ecs:DescribeTasks, ecs:StopTask, ecs:ListTasks and ecs:TagResource on the cluster and task definitions, " +
        "and iam:PassRole on the task definition's task and execution roles (README of the aws-ecs remote, IAM policy)";

    /// <summary>Sends one ECS call and returns its answer's body, or throws what the refusal means.</summary>
    /// <param name="operation">The operation (<c>RunTask</c>).</param>
    /// <param name="body">Its input.</param>
    /// <param name="step">The step it is for, when there is one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer's JSON.</returns>
    private async Task<byte[]> CallAsync(string operation, JsonObject body, string? step, CancellationToken cancellationToken)
    {
        var (answer, endpoint) = await this.target.Value.SendAsync(
            this.client.Value,
            operation,
            "/",
            JsonSerializer.SerializeToUtf8Bytes(body),
            "application/x-amz-json-1.1",
            TargetPrefix + operation,
            step,
            (attempt, reason, delay) => this.logger.Retrying(operation, attempt, reason, delay),
            cancellationToken).ConfigureAwait(false);
        return answer.IsSuccess ? answer.Body : throw this.Refused(step, operation, endpoint, answer);
    }

    /// <summary>Turns a refusal or failure into an exception whose kind and message say what to do.</summary>
    private AwsEcsRemoteException Refused(string? step, string operation, Uri endpoint, AwsAnswer answer)
    {
        var error = answer.DescribeError();
        this.logger.Refused(operation, error);
        var what = $"{Who(step)}ECS {(answer.Status == 0 ? "could not be reached for" : "refused")} {operation} ({error}{(answer.Tries > 1 ? $", after {answer.Tries} tries" : string.Empty)}).";
        var (kind, advice) = (answer.Status, answer.ErrorType) switch
        {
            (0, _) => (FailureKind.Infrastructure, $"Check that {endpoint.GetLeftPart(UriPartial.Authority)} is right and reachable from this host (AWS_ENDPOINT_URL_ECS, AWS_REGION). Another try of the step may succeed."),
            (_, var t) when AwsJsonClient.IsThrottling(t) || answer.Status == 429 => (FailureKind.Infrastructure,
                $"ECS throttled the host's calls even after {this.options.MaxAttempts} tries; lower the graph's parallelism or raise the remote's MaxAttempts. Another try of the step may succeed."),
            (>= 500, _) or (_, "ServerException") => (FailureKind.Infrastructure, "ECS failed; another try of the step may succeed."),
            (_, "AccessDeniedException" or "UnrecognizedClientException" or "InvalidSignatureException" or "ExpiredTokenException" or "IncompleteSignature") or (401 or 403, _) =>
                (FailureKind.Misconfigured, PolicyAdvice + "."),
            (_, "ClusterNotFoundException") => (FailureKind.Misconfigured, "Create the cluster, or fix cluster: in the graph (or the host's BAZAAR_ECS_CLUSTER)."),
            (_, "LimitExceededException" or "ConflictException") => (FailureKind.Infrastructure, "ECS has no room for this now; another try of the step may succeed."),
            _ => (FailureKind.Misconfigured, $"Check the {EcsSettingsReader.RemoteType} remote's settings (cluster, taskDefinition, containerName, launchType or capacityProvider, subnets, securityGroups, cpu, memory) against what the account has."),
        };
        var exception = new AwsEcsRemoteException($"{what} {advice}") { Kind = kind };
        exception.Data["ecs-error"] = answer.ErrorType;
        return exception;
    }

    /// <summary>A <c>RunTask</c> answered 200 without a task: its <c>failures[]</c> say why (no capacity, a missing cluster or attribute).</summary>
    private static AwsEcsRemoteException NotStarted(string step, EcsJob job, JsonElement root)
    {
        var reasons = new List<string>();
        if (root.TryGetProperty("failures", out var failures) && failures.ValueKind == JsonValueKind.Array)
        {
            foreach (var failure in failures.EnumerateArray())
            {
                var reason = EcsTaskStatus.String(failure, "reason") ?? "no reason given";
                reasons.Add(EcsTaskStatus.String(failure, "detail") is { } detail ? $"{reason} ({detail})" : reason);
            }
        }

        // RESOURCE:* (no instance with room), AGENT (an instance's agent is down) and capacity messages pass with time;
        // MISSING, ATTRIBUTE and the like are the graph's or the account's to fix.
        var transient = reasons.Count == 0 || reasons.Any(r =>
            r.StartsWith("RESOURCE", StringComparison.Ordinal) || r.StartsWith("AGENT", StringComparison.Ordinal) || r.Contains("apacity", StringComparison.Ordinal));
        var why = reasons.Count == 0 ? "no task and no failure" : string.Join("; ", reasons);
        return new AwsEcsRemoteException(
            $"Step '{step}': ECS did not start task definition {job.TaskDefinition} on cluster {job.Cluster}: {why}. " +
            (transient
                ? "The cluster has no room for the task now (CPU, memory, an instance, Fargate capacity); another try of the step may succeed — or lower the graph's parallelism, or give the cluster more capacity."
                : "Check the cluster, the task definition's placement constraints and the step's launchType or capacityProvider."))
        {
            Kind = transient ? FailureKind.Infrastructure : FailureKind.Misconfigured,
        };
    }

    private static string Who(string? step) => AwsServiceTarget.Who(step);
}
