using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AwsEcs;

/// <summary>
/// An Amazon ECS task as code names it, <c>remote: { type: aws-ecs, … }</c> in a graph file. Each property is the graph
/// file's setting of the same name; what is left out comes from the host.
/// </summary>
/// <example><c>new AwsEcsRemoteSpec { Cpu = 1024, Memory = 2048 }.Apply(step);</c></example>
public sealed record AwsEcsRemoteSpec : RemoteSpec
{
    /// <summary>Gets the cluster's name or ARN; <see langword="null"/> for the host's.</summary>
    public string? Cluster { get; init; }

    /// <summary>Gets the task definition (<c>family</c>, <c>family:revision</c>, ARN); <see langword="null"/> for the host's.</summary>
    public string? TaskDefinition { get; init; }

    /// <summary>Gets the task definition's container that runs the agent; <see langword="null"/> for the host's (<c>agent</c>).</summary>
    public string? ContainerName { get; init; }

    /// <summary>Gets the launch type (<c>FARGATE</c>, <c>EC2</c>, <c>EXTERNAL</c>); <see langword="null"/> for Fargate, or with <see cref="CapacityProvider"/>.</summary>
    public string? LaunchType { get; init; }

    /// <summary>Gets the capacity provider, instead of a launch type.</summary>
    public string? CapacityProvider { get; init; }

    /// <summary>Gets the awsvpc subnets; <see langword="null"/> for the host's.</summary>
    public IReadOnlyList<string>? Subnets { get; init; }

    /// <summary>Gets the awsvpc security groups; <see langword="null"/> for the host's.</summary>
    public IReadOnlyList<string>? SecurityGroups { get; init; }

    /// <summary>Gets whether the task gets a public IP; <see langword="null"/> for the host's.</summary>
    public bool? AssignPublicIp { get; init; }

    /// <summary>Gets the task's CPU units (1024 a vCPU); <see langword="null"/> for the task definition's.</summary>
    public int? Cpu { get; init; }

    /// <summary>Gets the task's memory in MiB; <see langword="null"/> for the task definition's.</summary>
    public int? Memory { get; init; }

    /// <inheritdoc/>
    public override string Type => EcsSettingsReader.RemoteType;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, JsonElement> Settings
    {
        get
        {
            var settings = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            Add(settings, EcsSettingsReader.ClusterKey, this.Cluster);
            Add(settings, EcsSettingsReader.TaskDefinitionKey, this.TaskDefinition);
            Add(settings, EcsSettingsReader.ContainerNameKey, this.ContainerName);
            Add(settings, EcsSettingsReader.LaunchTypeKey, this.LaunchType);
            Add(settings, EcsSettingsReader.CapacityProviderKey, this.CapacityProvider);
            Add(settings, EcsSettingsReader.SubnetsKey, this.Subnets);
            Add(settings, EcsSettingsReader.SecurityGroupsKey, this.SecurityGroups);
            Add(settings, EcsSettingsReader.AssignPublicIpKey, this.AssignPublicIp);
            Add(settings, EcsSettingsReader.CpuKey, this.Cpu);
            Add(settings, EcsSettingsReader.MemoryKey, this.Memory);
            return settings;
        }
    }

    private static void Add<T>(Dictionary<string, JsonElement> settings, string key, T? value)
    {
        if (value is not null)
        {
            settings[key] = JsonSerializer.SerializeToElement(value);
        }
    }
}
