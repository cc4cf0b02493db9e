using System.Text.Json.Nodes;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>
/// The body of the <c>PUT</c> that creates an attempt's container group (Microsoft.ContainerInstance, api-version
/// 2023-05-01): one Linux container running the agent image, never restarted, asking for the step's cores and
/// memory, the agent's request in a <c>secureValue</c> (ACI never shows it back), tagged with the run, step and
/// attempt so a janitor can find leftovers.
/// </summary>
internal static class ContainerGroupBody
{
    /// <summary>The container's name inside the group.</summary>
    public const string ContainerName = "agent";

    /// <summary>The environment variable the agent reads its request from.</summary>
    public const string RequestVariable = "BAZAAR_AGENT_REQUEST";

    /// <summary>The tag naming the run.</summary>
    public const string RunTag = "bazaar-run";

    /// <summary>The tag naming the step.</summary>
    public const string StepTag = "bazaar-step";

    /// <summary>The tag naming the attempt.</summary>
    public const string AttemptTag = "bazaar-attempt";

    // ARM's limit on a tag's value.
    private const int MaxTagValue = 256;

    /// <summary>Builds the body.</summary>
    /// <param name="job">What to create.</param>
    /// <param name="requestJson">The agent's request, serialized; a secret.</param>
    /// <param name="registryPassword">The registry's password, read from the host variable the step names; a secret.</param>
    /// <returns>The JSON.</returns>
    public static JsonObject Create(AciJob job, string requestJson, string? registryPassword)
    {
        ArgumentNullException.ThrowIfNull(job);
        var container = new JsonObject
        {
            ["name"] = ContainerName,
            ["properties"] = new JsonObject
            {
                ["image"] = job.Image,
                ["resources"] = new JsonObject
                {
                    ["requests"] = new JsonObject { ["cpu"] = job.Cpu, ["memoryInGB"] = job.MemoryInGB },
                },
                ["environmentVariables"] = new JsonArray(new JsonObject { ["name"] = RequestVariable, ["secureValue"] = requestJson }),
            },
        };
        var properties = new JsonObject
        {
            ["sku"] = "Standard",
            ["osType"] = "Linux",
            ["restartPolicy"] = "Never",
            ["containers"] = new JsonArray(container),
        };
        if (job.Registry is { } registry)
        {
            var credential = new JsonObject { ["server"] = registry.Server };
            if (registry.Username is { } username)
            {
                credential["username"] = username;
                credential["password"] = registryPassword;
            }
            else
            {
                credential["identity"] = job.Identity;
            }

            properties["imageRegistryCredentials"] = new JsonArray(credential);
        }

        var body = new JsonObject
        {
            ["location"] = job.Location,
            ["tags"] = new JsonObject
            {
                [RunTag] = Tag(job.RunId),
                [StepTag] = Tag(job.Step),
                [AttemptTag] = job.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        if (job.Identity is { } identity)
        {
            body["identity"] = new JsonObject
            {
                ["type"] = "UserAssigned",
                ["userAssignedIdentities"] = new JsonObject { [identity] = new JsonObject() },
            };
        }

        body["properties"] = properties;
        return body;
    }

    private static string Tag(string value) => value.Length <= MaxTagValue ? value : value[..MaxTagValue];
}
