using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AwsEcs;

/// <summary>Reads a <c>type: aws-ecs</c> remote's settings and reports every problem with them.</summary>
internal static partial class EcsSettingsReader
{
    /// <summary>The remote type.</summary>
    public const string RemoteType = "aws-ecs";

    /// <summary>The cluster.</summary>
    public const string ClusterKey = "cluster";

    /// <summary>The task definition.</summary>
    public const string TaskDefinitionKey = "taskDefinition";

    /// <summary>The agent's container in the task definition.</summary>
    public const string ContainerNameKey = "containerName";

    /// <summary>The launch type.</summary>
    public const string LaunchTypeKey = "launchType";

    /// <summary>The capacity provider.</summary>
    public const string CapacityProviderKey = "capacityProvider";

    /// <summary>The awsvpc subnets.</summary>
    public const string SubnetsKey = "subnets";

    /// <summary>The awsvpc security groups.</summary>
    public const string SecurityGroupsKey = "securityGroups";

    /// <summary>Whether the task gets a public IP.</summary>
    public const string AssignPublicIpKey = "assignPublicIp";

    /// <summary>The task's CPU units.</summary>
    public const string CpuKey = "cpu";

    /// <summary>The task's memory in MiB.</summary>
    public const string MemoryKey = "memory";

    /// <summary>The settings the remote takes, in the order the README lists them.</summary>
    public static readonly IReadOnlyList<string> Keys =
        [ClusterKey, TaskDefinitionKey, ContainerNameKey, LaunchTypeKey, CapacityProviderKey, SubnetsKey, SecurityGroupsKey, AssignPublicIpKey, CpuKey, MemoryKey];

    private static readonly string[] LaunchTypes = ["FARGATE", "EC2", "EXTERNAL", "MANAGED_INSTANCES"];

    /// <summary>Reads the settings.</summary>
    /// <param name="remote">The remote.</param>
    /// <param name="problems">Receives what is wrong, one entry per setting, each saying what to write instead.</param>
    /// <returns>The settings, or <see langword="null"/> when there were problems.</returns>
    public static EcsStepSettings? Read(RemoteDefinition remote, List<RemoteSettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var settings = remote.Settings;
        foreach (var key in settings.Keys.Where(k => !Keys.Contains(k)).Order(StringComparer.Ordinal))
        {
            // The endpoint, region and credentials are the host's: a graph must not send signed requests elsewhere.
            var hint = key is "region" or "endpoint" or "roleArn" or "taskRoleArn" or "executionRoleArn"
                ? $" ({key} is the host's business: the region and endpoint are set where Bazaar runs, and a task's roles come from the task definitions the host allows)"
                : string.Empty;
            problems.Add(new(key, $"{RemoteType} setting '{key}' is not known{hint}; the {RemoteType} remote takes {string.Join(", ", Keys)}"));
        }

        var cluster = Name(settings, ClusterKey, ClusterPattern(), "a cluster's name (1-255 of letters, digits, - and _) or ARN, e.g. cluster: bazaar", problems);
        var taskDefinition = Name(settings, TaskDefinitionKey, TaskDefinitionPattern(), "a task definition: family, family:revision or its ARN, e.g. taskDefinition: bazaar-agent:3", problems);
        var container = Name(settings, ContainerNameKey, ContainerPattern(), "the name of the task definition's container that runs bazaar-agent (1-255 of letters, digits, - and _), e.g. containerName: agent", problems);
        var launchType = RemoteSettingValues.Text(settings, RemoteType, LaunchTypeKey, "write FARGATE, EC2 or EXTERNAL", problems);
        if (launchType is not null && !LaunchTypes.Contains(launchType, StringComparer.Ordinal))
        {
            problems.Add(new(LaunchTypeKey, $"{RemoteType} setting '{LaunchTypeKey}' is '{launchType}'; write {string.Join(", ", LaunchTypes[..^1])} or {LaunchTypes[^1]} (in capitals), or capacityProvider: instead"));
            launchType = null;
        }

        var capacityProvider = Name(settings, CapacityProviderKey, ContainerPattern(), "a capacity provider's name, e.g. capacityProvider: FARGATE_SPOT", problems);
        if (launchType is not null && capacityProvider is not null)
        {
            problems.Add(new(CapacityProviderKey, $"{RemoteType} settings '{LaunchTypeKey}' and '{CapacityProviderKey}' exclude each other (ECS takes one or the other); keep one"));
        }

        var subnets = List(settings, SubnetsKey, SubnetPattern(), "subnet ids, e.g. subnets: [subnet-0123456789abcdef0]", 16, problems);
        var groups = List(settings, SecurityGroupsKey, SecurityGroupPattern(), "security group ids, e.g. securityGroups: [sg-0123456789abcdef0]", 5, problems);
        bool? publicIp = null;
        if (settings.TryGetValue(AssignPublicIpKey, out var ip) && ip.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            if (ip.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                publicIp = ip.GetBoolean();
            }
            else
            {
                problems.Add(new(AssignPublicIpKey, $"{RemoteType} setting '{AssignPublicIpKey}' is {RemoteSettingValues.Describe(ip)}; write true or false"));
            }
        }

        var cpu = Integer(settings, CpuKey, 128, 16384, "CPU units (1024 is one vCPU), e.g. cpu: 1024 (Fargate takes 256, 512, 1024, 2048, 4096, 8192 or 16384)", problems);
        var memory = Integer(settings, MemoryKey, 128, 122880, "MiB, e.g. memory: 2048 (Fargate takes 512 to 122880, as the CPU allows)", problems);
        return problems.Count == before
            ? new EcsStepSettings(cluster, taskDefinition, container, launchType, capacityProvider, subnets, groups, publicIp, cpu, memory)
            : null;
    }

    private static string? Name(IReadOnlyDictionary<string, JsonElement> settings, string key, Regex pattern, string advice, List<RemoteSettingProblem> problems)
    {
        var value = RemoteSettingValues.Text(settings, RemoteType, key, $"write {advice}", problems);
        if (value is not null && !pattern.IsMatch(value))
        {
            problems.Add(new(key, $"{RemoteType} setting '{key}' is '{value}', which is not {advice}"));
            return null;
        }

        return value;
    }

    private static List<string>? List(IReadOnlyDictionary<string, JsonElement> settings, string key, Regex pattern, string advice, int max, List<RemoteSettingProblem> problems)
    {
        if (!settings.TryGetValue(key, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        // One id may be written without the brackets.
        var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        var list = new List<string>();
        foreach (var item in items)
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString()!.Trim() is { Length: > 0 } id && pattern.IsMatch(id))
            {
                list.Add(id);
            }
            else
            {
                problems.Add(new(key, $"{RemoteType} setting '{key}' holds {RemoteSettingValues.Describe(item)}; write {advice}"));
                return null;
            }
        }

        if (list.Count == 0 || list.Count > max)
        {
            problems.Add(new(key, $"{RemoteType} setting '{key}' has {list.Count} entries; write 1 to {max} {advice}"));
            return null;
        }

        return list;
    }

    private static int? Integer(IReadOnlyDictionary<string, JsonElement> settings, string key, int min, int max, string advice, List<RemoteSettingProblem> problems)
    {
        if (!settings.TryGetValue(key, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        // YAML may hand a number over as a string ("1024"); both are accepted.
        int? parsed = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
        if (parsed is not { } number || number < min || number > max)
        {
            problems.Add(new(key, $"{RemoteType} setting '{key}' is {RemoteSettingValues.Describe(value)}; write {min} to {max} {advice}"));
            return null;
        }

        return number;
    }

    [GeneratedRegex(@"^([a-zA-Z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[a-zA-Z0-9_-]{1,255})\z", RegexOptions.CultureInvariant)]
    private static partial Regex ClusterPattern();

    [GeneratedRegex(@"^([a-zA-Z0-9_-]{1,255}(:[0-9]{1,9})?|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/[a-zA-Z0-9_-]{1,255}(:[0-9]{1,9})?)\z", RegexOptions.CultureInvariant)]
    private static partial Regex TaskDefinitionPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_-]{1,255}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerPattern();

    [GeneratedRegex(@"^subnet-[0-9a-f]{8,17}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SubnetPattern();

    [GeneratedRegex(@"^sg-[0-9a-f]{8,17}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SecurityGroupPattern();
}
