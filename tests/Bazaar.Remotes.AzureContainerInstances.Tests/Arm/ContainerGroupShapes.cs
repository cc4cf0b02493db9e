using System.Text.Json.Nodes;

namespace Bazaar.Remotes.AzureContainerInstances.Tests.Arm;

/// <summary>
/// The shape of Microsoft.ContainerInstance/containerGroups at api-version 2023-05-01, as azure-rest-api-specs
/// publishes it (containerInstance.json and its examples ContainerGroupsCreateOrUpdate.json,
/// ContainerGroupsGet_Succeeded.json): the properties each object of a PUT body may carry and those it must.
/// Written down from the specification, not copied, so a test can check the body Bazaar sends against it.
/// </summary>
internal static class ContainerGroupShapes
{
    // Path (with [] for array items) -> the properties the specification defines there.
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        [""] = ["location", "tags", "identity", "properties", "zones"],
        ["identity"] = ["type", "userAssignedIdentities"],
        ["properties"] = ["containers", "initContainers", "imageRegistryCredentials", "restartPolicy", "ipAddress", "osType", "volumes", "diagnostics", "subnetIds", "dnsConfig", "sku", "encryptionProperties", "extensions", "confidentialComputeProperties", "priority"],
        ["properties.containers[]"] = ["name", "properties"],
        ["properties.containers[].properties"] = ["image", "command", "ports", "environmentVariables", "resources", "volumeMounts", "livenessProbe", "readinessProbe", "securityContext"],
        ["properties.containers[].properties.environmentVariables[]"] = ["name", "value", "secureValue"],
        ["properties.containers[].properties.resources"] = ["requests", "limits"],
        ["properties.containers[].properties.resources.requests"] = ["memoryInGB", "cpu", "gpu"],
        ["properties.imageRegistryCredentials[]"] = ["server", "username", "password", "identity", "identityUrl"],
    };

    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["properties"] = ["containers", "osType"],
        ["properties.containers[]"] = ["name", "properties"],
        ["properties.containers[].properties"] = ["image", "resources"],
        ["properties.containers[].properties.environmentVariables[]"] = ["name"],
        ["properties.containers[].properties.resources"] = ["requests"],
        ["properties.containers[].properties.resources.requests"] = ["memoryInGB", "cpu"],
        ["properties.imageRegistryCredentials[]"] = ["server"],
    };

    private static readonly Dictionary<string, string[]> Enums = new(StringComparer.Ordinal)
    {
        ["properties.restartPolicy"] = ["Always", "OnFailure", "Never"],
        ["properties.osType"] = ["Windows", "Linux"],
        ["properties.sku"] = ["Standard", "Dedicated", "Confidential"],
        ["identity.type"] = ["SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned", "None"],
    };

    /// <summary>Lists every way the body departs from the specification; empty when it fits.</summary>
    public static List<string> Problems(JsonNode body)
    {
        var problems = new List<string>();
        Walk(body, string.Empty, problems);
        return problems;
    }

    private static void Walk(JsonNode? node, string path, List<string> problems)
    {
        switch (node)
        {
            case JsonObject obj:
                if (Allowed.TryGetValue(path, out var allowed))
                {
                    problems.AddRange(obj.Select(p => p.Key).Where(k => !allowed.Contains(k)).Select(k => $"{Join(path, k)} is not in the specification"));
                    foreach (var key in obj.Select(p => p.Key).Where(allowed.Contains))
                    {
                        Walk(obj[key], Join(path, key), problems);
                    }
                }

                if (Required.TryGetValue(path, out var required))
                {
                    problems.AddRange(required.Where(r => obj[r] is null).Select(r => $"{Join(path, r)} is required"));
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item, path + "[]", problems);
                }

                break;
            case JsonValue value when Enums.TryGetValue(path, out var values):
                if (!values.Contains(value.ToString()))
                {
                    problems.Add($"{path} is '{value}', not one of {string.Join(", ", values)}");
                }

                break;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
