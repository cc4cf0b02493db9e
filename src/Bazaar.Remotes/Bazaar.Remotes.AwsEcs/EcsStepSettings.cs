namespace Bazaar.Remotes.AwsEcs;

/// <summary>A step's <c>aws-ecs</c> settings, read and checked; what it leaves out comes from the host.</summary>
/// <param name="Cluster">The cluster's name or ARN, or <see langword="null"/> for the host's.</param>
/// <param name="TaskDefinition">The task definition (<c>family</c>, <c>family:revision</c> or its ARN), or <see langword="null"/> for the host's.</param>
/// <param name="ContainerName">The container in the task definition that runs the agent, or <see langword="null"/> for the host's.</param>
/// <param name="LaunchType">The launch type (<c>FARGATE</c>, <c>EC2</c>, <c>EXTERNAL</c>), or <see langword="null"/>.</param>
/// <param name="CapacityProvider">The capacity provider, instead of a launch type, or <see langword="null"/>.</param>
/// <param name="Subnets">The awsvpc subnets, or <see langword="null"/> for the host's.</param>
/// <param name="SecurityGroups">The awsvpc security groups, or <see langword="null"/> for the host's.</param>
/// <param name="AssignPublicIp">Whether the task gets a public IP, or <see langword="null"/> for the host's.</param>
/// <param name="Cpu">The task's CPU units (1024 a vCPU), or <see langword="null"/> for the task definition's.</param>
/// <param name="Memory">The task's memory in MiB, or <see langword="null"/> for the task definition's.</param>
internal sealed record EcsStepSettings(
    string? Cluster,
    string? TaskDefinition,
    string? ContainerName,
    string? LaunchType,
    string? CapacityProvider,
    IReadOnlyList<string>? Subnets,
    IReadOnlyList<string>? SecurityGroups,
    bool? AssignPublicIp,
    int? Cpu,
    int? Memory);
