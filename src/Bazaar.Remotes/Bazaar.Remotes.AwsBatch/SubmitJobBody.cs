using System.Globalization;
using System.Text.Json.Nodes;

namespace Bazaar.Remotes.AwsBatch;

/// <summary>
/// The body of the <c>SubmitJob</c> call that starts an attempt (Batch API 2016-08-10, REST-JSON,
/// <c>POST /v1/submitjob</c>): the attempt's deterministic name, the queue and job definition, the agent's request in
/// the container's environment override with the step's vCPUs and memory, Batch's own deadline
/// (<c>timeout.attemptDurationSeconds</c>) from the step's, one try only (Bazaar retries, with a fresh token), and tags
/// naming the run, step and attempt.
/// </summary>
internal static class SubmitJobBody
{
    /// <summary>The environment variable the agent reads its request from.</summary>
    public const string RequestVariable = "BAZAAR_AGENT_REQUEST";

    /// <summary>The tag naming the run.</summary>
    public const string RunTag = "bazaar-run";

    /// <summary>The tag naming the step.</summary>
    public const string StepTag = "bazaar-step";

    /// <summary>The tag naming the attempt.</summary>
    public const string AttemptTag = "bazaar-attempt";

    // Batch's limit on a tag's value.
    private const int MaxTagValue = 256;

    /// <summary>Builds the body.</summary>
    /// <param name="job">What to submit.</param>
    /// <param name="requestJson">The agent's request, serialized; a secret.</param>
    /// <returns>The JSON.</returns>
    public static JsonObject Create(BatchJob job, string requestJson)
    {
        ArgumentNullException.ThrowIfNull(job);
        var overrides = new JsonObject
        {
            ["environment"] = new JsonArray(new JsonObject { ["name"] = RequestVariable, ["value"] = requestJson }),
        };
        var resources = new JsonArray();
        if (job.Vcpus is { } vcpus)
        {
            resources.Add(new JsonObject { ["type"] = "VCPU", ["value"] = vcpus.ToString(CultureInfo.InvariantCulture) });
        }

        if (job.Memory is { } memory)
        {
            resources.Add(new JsonObject { ["type"] = "MEMORY", ["value"] = memory.ToString(CultureInfo.InvariantCulture) });
        }

        if (resources.Count > 0)
        {
            overrides["resourceRequirements"] = resources;
        }

        return new JsonObject
        {
            ["jobName"] = job.Name,
            ["jobQueue"] = job.JobQueue,
            ["jobDefinition"] = job.JobDefinition,
            ["containerOverrides"] = overrides,
            ["retryStrategy"] = new JsonObject { ["attempts"] = 1 },
            ["timeout"] = new JsonObject { ["attemptDurationSeconds"] = job.AttemptDurationSeconds },
            ["tags"] = new JsonObject
            {
                [RunTag] = Tag(job.RunId),
                [StepTag] = Tag(job.Step),
                [AttemptTag] = job.Attempt.ToString(CultureInfo.InvariantCulture),
            },
        };
    }

    private static string Tag(string value) => value.Length <= MaxTagValue ? value : value[..MaxTagValue];
}
