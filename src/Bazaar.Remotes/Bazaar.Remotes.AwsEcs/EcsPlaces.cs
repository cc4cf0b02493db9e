using Bazaar.Remotes.Aws;

namespace Bazaar.Remotes.AwsEcs;

/// <summary>
/// Where this host lets graphs run tasks: its own cluster, task definition, subnets and security groups (options or
/// <c>BAZAAR_ECS_*</c>), and those the allow-lists add (<see cref="AwsEcsRemoteOptions.Clusters"/>,
/// <see cref="AwsEcsRemoteOptions.TaskDefinitions"/>, <see cref="AwsEcsRemoteOptions.AllowedSubnets"/>,
/// <see cref="AwsEcsRemoteOptions.AllowedSecurityGroups"/> and their variables). The host's IAM policy is the outer
/// fence; this is the inner one, so a graph cannot reach a cluster or borrow a task definition's role the host's policy
/// happens to cover but its owner never meant for graphs. The janitor looks in the same clusters.
/// </summary>
internal sealed class EcsPlaces
{
    /// <summary>The host's default cluster.</summary>
    public const string ClusterVariable = "BAZAAR_ECS_CLUSTER";

    /// <summary>The host's default task definition.</summary>
    public const string TaskDefinitionVariable = "BAZAAR_ECS_TASK_DEFINITION";

    /// <summary>The host's default subnets, comma separated.</summary>
    public const string SubnetsVariable = "BAZAAR_ECS_SUBNETS";

    /// <summary>The host's default security groups, comma separated.</summary>
    public const string SecurityGroupsVariable = "BAZAAR_ECS_SECURITY_GROUPS";

    /// <summary>More clusters graphs may name, comma separated.</summary>
    public const string ClustersVariable = "BAZAAR_ECS_CLUSTERS";

    /// <summary>More task definitions graphs may name, comma separated.</summary>
    public const string TaskDefinitionsVariable = "BAZAAR_ECS_TASK_DEFINITIONS";

    /// <summary>More subnets graphs may name, comma separated.</summary>
    public const string AllowedSubnetsVariable = "BAZAAR_ECS_ALLOWED_SUBNETS";

    /// <summary>More security groups graphs may name, comma separated.</summary>
    public const string AllowedSecurityGroupsVariable = "BAZAAR_ECS_ALLOWED_SECURITY_GROUPS";

    private readonly HashSet<string> clusters;
    private readonly HashSet<string> taskDefinitions;
    private readonly HashSet<string> subnets;
    private readonly HashSet<string> securityGroups;

    private EcsPlaces(string? cluster, string? taskDefinition, IReadOnlyList<string> subnets, IReadOnlyList<string> groups, HashSet<string> clusters, HashSet<string> taskDefinitions, HashSet<string> allowedSubnets, HashSet<string> allowedGroups)
    {
        this.Cluster = cluster;
        this.TaskDefinition = taskDefinition;
        this.Subnets = subnets;
        this.SecurityGroups = groups;
        this.clusters = clusters;
        this.taskDefinitions = taskDefinitions;
        this.subnets = allowedSubnets;
        this.securityGroups = allowedGroups;
    }

    /// <summary>Gets the host's cluster, or <see langword="null"/>.</summary>
    public string? Cluster { get; }

    /// <summary>Gets the host's task definition, or <see langword="null"/>.</summary>
    public string? TaskDefinition { get; }

    /// <summary>Gets the host's subnets.</summary>
    public IReadOnlyList<string> Subnets { get; }

    /// <summary>Gets the host's security groups.</summary>
    public IReadOnlyList<string> SecurityGroups { get; }

    /// <summary>Gets every allowed cluster by name, the host's first.</summary>
    public IReadOnlyCollection<string> Clusters => this.clusters;

    /// <summary>Reads the host's defaults and lists.</summary>
    /// <param name="options">The remote's options.</param>
    /// <param name="environment">The host's environment.</param>
    /// <returns>The places.</returns>
    public static EcsPlaces Read(AwsEcsRemoteOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var cluster = AwsNames.NonBlank(options.Cluster ?? environment(ClusterVariable));
        var taskDefinition = AwsNames.NonBlank(options.TaskDefinition ?? environment(TaskDefinitionVariable));
        List<string> subnets = [.. options.Subnets.Concat(AwsNames.Split(environment(SubnetsVariable))).Distinct(StringComparer.Ordinal)];
        List<string> groups = [.. options.SecurityGroups.Concat(AwsNames.Split(environment(SecurityGroupsVariable))).Distinct(StringComparer.Ordinal)];

        var clusters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in (cluster is null ? [] : new[] { cluster }).Concat(options.Clusters).Concat(AwsNames.Split(environment(ClustersVariable))))
        {
            clusters.Add(AwsNames.ResourceName(entry.Trim()));
        }

        var definitions = new HashSet<string>(options.TaskDefinitions.Concat(AwsNames.Split(environment(TaskDefinitionsVariable))).Select(d => d.Trim()), StringComparer.Ordinal);
        if (taskDefinition is not null)
        {
            definitions.Add(taskDefinition);
        }

        var allowedSubnets = new HashSet<string>(subnets.Concat(options.AllowedSubnets).Concat(AwsNames.Split(environment(AllowedSubnetsVariable))).Select(s => s.Trim()), StringComparer.Ordinal);
        var allowedGroups = new HashSet<string>(groups.Concat(options.AllowedSecurityGroups).Concat(AwsNames.Split(environment(AllowedSecurityGroupsVariable))).Select(s => s.Trim()), StringComparer.Ordinal);
        return new EcsPlaces(cluster, taskDefinition, subnets, groups, clusters, definitions, allowedSubnets, allowedGroups);
    }

    /// <summary>Gets a value indicating whether graphs may run tasks in the cluster.</summary>
    /// <param name="cluster">The cluster's name or ARN.</param>
    /// <returns><see langword="true"/> when the host allows it.</returns>
    public bool AllowsCluster(string cluster) => this.clusters.Contains(AwsNames.ResourceName(cluster));

    /// <summary>Gets a value indicating whether graphs may run the task definition: listed as it is written, or its family is listed.</summary>
    /// <param name="taskDefinition">The task definition as the graph writes it.</param>
    /// <returns><see langword="true"/> when the host allows it.</returns>
    public bool AllowsTaskDefinition(string taskDefinition) => AwsNames.AllowsRevision(this.taskDefinitions, taskDefinition);

    /// <summary>Gets the subnets the host does not allow among <paramref name="wanted"/>.</summary>
    /// <param name="wanted">The subnets a step names.</param>
    /// <returns>Those not allowed.</returns>
    public IReadOnlyList<string> RefusedSubnets(IEnumerable<string> wanted) => [.. wanted.Where(s => !this.subnets.Contains(s))];

    /// <summary>Gets the security groups the host does not allow among <paramref name="wanted"/>.</summary>
    /// <param name="wanted">The groups a step names.</param>
    /// <returns>Those not allowed.</returns>
    public IReadOnlyList<string> RefusedSecurityGroups(IEnumerable<string> wanted) => [.. wanted.Where(s => !this.securityGroups.Contains(s))];
}
