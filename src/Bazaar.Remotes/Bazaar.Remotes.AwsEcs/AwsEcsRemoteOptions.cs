using System.ComponentModel.DataAnnotations;
using Amazon.Runtime;
using Bazaar.Remotes.Aws;

namespace Bazaar.Remotes.AwsEcs;

/// <summary>
/// Host-side settings of the <c>aws-ecs</c> remote: where ECS is and who signs the calls, the defaults of steps that
/// name no cluster, task definition or network, and the places graphs may name besides those defaults. A graph
/// chooses among what the host allows; where the calls go is the host's business.
/// </summary>
public sealed class AwsEcsRemoteOptions : IAwsRemoteOptions
{
    /// <summary>Gets or sets the ECS endpoint to call instead of <c>https://ecs.&lt;region&gt;.amazonaws.com</c>: a VPC endpoint, a stand-in for tests.</summary>
    /// <value>Default <see langword="null"/>: <c>AWS_ENDPOINT_URL_ECS</c>, then <c>AWS_ENDPOINT_URL</c>, then the region's public endpoint.</value>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Gets or sets the region the tasks run in. A graph cannot choose it: its clusters, subnets and task definitions are the region's.</summary>
    /// <value>Default <see langword="null"/>: the AWS default chain (<c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile).</value>
    [RegularExpression("^[a-z]{2}(-[a-z]+)+-[0-9]+$", ErrorMessage = "Region must be an AWS region name such as us-east-1.")]
    public string? Region { get; set; }

    /// <summary>Gets or sets the shared-config profile whose credentials sign the calls.</summary>
    /// <value>Default <see langword="null"/>: the AWS default credential chain (environment, <c>AWS_PROFILE</c>, SSO, container and instance roles).</value>
    public string? Profile { get; set; }

    /// <summary>Gets or sets the credentials that sign the calls, instead of <see cref="Profile"/> and the default chain.</summary>
    /// <value>Default <see langword="null"/>: <see cref="Profile"/>, else the AWS default credential chain.</value>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>Gets or sets the cluster of steps that name none.</summary>
    /// <value>Default <see langword="null"/>: the host's <c>BAZAAR_ECS_CLUSTER</c>.</value>
    public string? Cluster { get; set; }

    /// <summary>Gets or sets the task definition of steps that name none: one whose container runs bazaar-agent.</summary>
    /// <value>Default <see langword="null"/>: the host's <c>BAZAAR_ECS_TASK_DEFINITION</c>.</value>
    public string? TaskDefinition { get; set; }

    /// <summary>Gets or sets the container of the task definition that runs the agent, for steps that name none.</summary>
    /// <value>Default <c>agent</c>.</value>
    public string ContainerName { get; set; } = "agent";

    /// <summary>Gets the awsvpc subnets of steps that name none.</summary>
    /// <value>Default empty, and the host's <c>BAZAAR_ECS_SUBNETS</c> (comma separated) adds to it.</value>
    public IList<string> Subnets { get; } = [];

    /// <summary>Gets the awsvpc security groups of steps that name none.</summary>
    /// <value>Default empty, and the host's <c>BAZAAR_ECS_SECURITY_GROUPS</c> (comma separated) adds to it.</value>
    public IList<string> SecurityGroups { get; } = [];

    /// <summary>Gets or sets a value indicating whether tasks get a public IP when their step does not say (needed in a public subnet without a NAT gateway to reach the host).</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool AssignPublicIp { get; set; }

    /// <summary>
    /// Gets the clusters a graph may name besides the host's own <see cref="Cluster"/>, by name or ARN. A graph naming
    /// another is refused before ECS is called. The janitor looks for leftovers in all of them.
    /// </summary>
    /// <value>Default empty, and the host's <c>BAZAAR_ECS_CLUSTERS</c> (comma separated) adds to it: graphs use the host's cluster only.</value>
    public IList<string> Clusters { get; } = [];

    /// <summary>
    /// Gets the task definitions a graph may name besides the host's own <see cref="TaskDefinition"/>: <c>family</c> (any
    /// revision), <c>family:revision</c> or an ARN. A task definition brings its task role and image, so a graph naming
    /// one the host does not list is refused.
    /// </summary>
    /// <value>Default empty, and the host's <c>BAZAAR_ECS_TASK_DEFINITIONS</c> (comma separated) adds to it.</value>
    public IList<string> TaskDefinitions { get; } = [];

    /// <summary>Gets the subnets a graph may name besides the host's own <see cref="Subnets"/>.</summary>
    /// <value>Default empty, and the host's <c>BAZAAR_ECS_ALLOWED_SUBNETS</c> (comma separated) adds to it.</value>
    public IList<string> AllowedSubnets { get; } = [];

    /// <summary>Gets the security groups a graph may name besides the host's own <see cref="SecurityGroups"/>.</summary>
    /// <value>Default empty, and the host's <c>BAZAAR_ECS_ALLOWED_SECURITY_GROUPS</c> (comma separated) adds to it.</value>
    public IList<string> AllowedSecurityGroups { get; } = [];

    /// <summary>Gets or sets how many times one ECS call is tried when ECS throttles (<c>ThrottlingException</c>, 429), fails (5xx) or cannot be reached.</summary>
    /// <value>Default 5.</value>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Gets or sets the wait before the first retry; it doubles each time, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    /// <value>Default 500 milliseconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the longest wait between two tries.</summary>
    /// <value>Default 20 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);
}
