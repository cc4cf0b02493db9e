using System.Globalization;
using System.Text.Json.Nodes;

namespace Bazaar.Remotes.AwsEcs;

/// <summary>
/// The body of the <c>RunTask</c> call that starts an attempt (ECS API 2014-11-13, JSON 1.1): one task of the task
/// definition, the launch type or capacity provider, the awsvpc network, the task's CPU and memory, the agent's request
/// in the agent container's environment override, <c>startedBy</c> and <c>clientToken</c> from the attempt, and tags
/// naming the run, step and attempt so a janitor can find leftovers.
/// </summary>
internal static class RunTaskBody
{
    /// <summary>The environment variable the agent reads its request from.</summary>
    public const string RequestVariable = "BAZAAR_AGENT_REQUEST";

    /// <summary>The tag naming the run.</summary>
    public const string RunTag = "bazaar-run";

    /// <summary>The tag naming the step.</summary>
    public const string StepTag = "bazaar-step";

    /// <summary>The tag naming the attempt.</summary>
    public const string AttemptTag = "bazaar-attempt";

    /// <summary>ECS's limit on the size of a task's overrides, in bytes.</summary>
    public const int MaxOverridesBytes = 8192;

    // ECS's limit on a tag's value.
    private const int MaxTagValue = 256;

    /// <summary>Builds the body.</summary>
    /// <param name="job">What to start.</param>
    /// <param name="requestJson">The agent's request, serialized; a secret.</param>
    /// <returns>The JSON.</returns>
    public static JsonObject Create(EcsJob job, string requestJson)
    {
        ArgumentNullException.ThrowIfNull(job);
        var body = new JsonObject
        {
            ["cluster"] = job.Cluster,
            ["taskDefinition"] = job.TaskDefinition,
            ["count"] = 1,
        };
        if (job.CapacityProvider is { } provider)
        {
            body["capacityProviderStrategy"] = new JsonArray(new JsonObject { ["capacityProvider"] = provider, ["weight"] = 1 });
        }
        else if (job.LaunchType is { } launchType)
        {
            body["launchType"] = launchType;
        }

        if (job.Subnets.Count > 0)
        {
            var vpc = new JsonObject { ["subnets"] = new JsonArray([.. job.Subnets.Select(s => (JsonNode)s)]) };
            if (job.SecurityGroups.Count > 0)
            {
                vpc["securityGroups"] = new JsonArray([.. job.SecurityGroups.Select(s => (JsonNode)s)]);
            }

            vpc["assignPublicIp"] = job.AssignPublicIp ? "ENABLED" : "DISABLED";
            body["networkConfiguration"] = new JsonObject { ["awsvpcConfiguration"] = vpc };
        }

        body["overrides"] = Overrides(job, requestJson);
        body["startedBy"] = job.Id;
        body["clientToken"] = job.Id;
        body["tags"] = new JsonArray(
            new JsonObject { ["key"] = RunTag, ["value"] = Tag(job.RunId) },
            new JsonObject { ["key"] = StepTag, ["value"] = Tag(job.Step) },
            new JsonObject { ["key"] = AttemptTag, ["value"] = job.Attempt.ToString(CultureInfo.InvariantCulture) });
        return body;
    }

    /// <summary>Builds the task's overrides: the agent's request, and the task's size when the step asks for one.</summary>
    /// <param name="job">The attempt.</param>
    /// <param name="requestJson">The agent's request.</param>
    /// <returns>The <c>overrides</c> object.</returns>
    public static JsonObject Overrides(EcsJob job, string requestJson)
    {
        ArgumentNullException.ThrowIfNull(job);
        var container = new JsonObject
        {
            ["name"] = job.ContainerName,
            ["environment"] = new JsonArray(new JsonObject { ["name"] = RequestVariable, ["value"] = requestJson }),
        };
        var overrides = new JsonObject { ["containerOverrides"] = new JsonArray(container) };
        if (job.Cpu is { } cpu)
        {
            overrides["cpu"] = cpu.ToString(CultureInfo.InvariantCulture);
        }

        if (job.Memory is { } memory)
        {
            overrides["memory"] = memory.ToString(CultureInfo.InvariantCulture);
        }

        return overrides;
    }

    private static string Tag(string value) => value.Length <= MaxTagValue ? value : value[..MaxTagValue];
}
