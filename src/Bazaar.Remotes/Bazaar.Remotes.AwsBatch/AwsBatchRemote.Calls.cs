using System.Text.Json;
using System.Text.Json.Nodes;
using Bazaar.Graphs;
using Bazaar.Remotes.Aws;

namespace Bazaar.Remotes.AwsBatch;

/// <content>The calls to Batch (REST-JSON, <c>POST /v1/&lt;operation&gt;</c>), and what Batch's refusals mean.</content>
internal sealed partial class AwsBatchRemote
{
    /// <summary>The IAM permissions the host's identity needs, as the README's policy lists them.</summary>
    internal const string PolicyAdvice =
        "The identity Bazaar runs as needs batch:SubmitJob, batch:DescribeJobs, batch:TerminateJob, batch:ListJobs and batch:TagResource on the job queues and job definitions " +
        "(README of the aws-batch remote, IAM policy)";

    /// <summary>Sends one Batch call and returns its answer's body, or throws what the refusal means.</summary>
    /// <param name="operation">The operation (<c>SubmitJob</c>); its path is <c>/v1/</c> and its name in lower case.</param>
    /// <param name="body">Its input.</param>
    /// <param name="step">The step it is for, when there is one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer's JSON.</returns>
    private async Task<byte[]> CallAsync(string operation, JsonObject body, string? step, CancellationToken cancellationToken)
    {
        var (answer, endpoint) = await this.target.Value.SendAsync(
            this.client.Value,
            operation,
            "/v1/" + operation.ToLowerInvariant(),
            JsonSerializer.SerializeToUtf8Bytes(body),
            "application/json",
            null,
            step,
            (attempt, reason, delay) => this.logger.Retrying(operation, attempt, reason, delay),
            cancellationToken).ConfigureAwait(false);
        return answer.IsSuccess ? answer.Body : throw this.Refused(step, operation, endpoint, answer);
    }

    /// <summary>Turns a refusal or failure into an exception whose kind and message say what to do.</summary>
    private AwsBatchRemoteException Refused(string? step, string operation, Uri endpoint, AwsAnswer answer)
    {
        var error = answer.DescribeError();
        this.logger.Refused(operation, error);
        var what = $"{AwsServiceTarget.Who(step)}Batch {(answer.Status == 0 ? "could not be reached for" : "refused")} {operation} ({error}{(answer.Tries > 1 ? $", after {answer.Tries} tries" : string.Empty)}).";
        var (kind, advice) = (answer.Status, answer.ErrorType) switch
        {
            (0, _) => (FailureKind.Infrastructure, $"Check that {endpoint.GetLeftPart(UriPartial.Authority)} is right and reachable from this host (AWS_ENDPOINT_URL_BATCH, AWS_REGION). Another try of the step may succeed."),
            (_, var t) when AwsJsonClient.IsThrottling(t) || answer.Status == 429 => (FailureKind.Infrastructure,
                $"Batch throttled the host's calls even after {this.options.MaxAttempts} tries; lower the graph's parallelism or raise the remote's MaxAttempts. Another try of the step may succeed."),
            (>= 500, _) or (_, "ServerException") => (FailureKind.Infrastructure, "Batch failed; another try of the step may succeed."),
            (_, "AccessDeniedException" or "UnrecognizedClientException" or "InvalidSignatureException" or "ExpiredTokenException" or "IncompleteSignature") or (401 or 403, _) =>
                (FailureKind.Misconfigured, PolicyAdvice + "."),
            _ => (FailureKind.Misconfigured, $"Check the {BatchSettingsReader.RemoteType} remote's settings (jobQueue, jobDefinition, vcpus, memory) against what the account has: the queue must be VALID and ENABLED, the job definition ACTIVE."),
        };
        return new AwsBatchRemoteException($"{what} {advice}") { Kind = kind };
    }
}
