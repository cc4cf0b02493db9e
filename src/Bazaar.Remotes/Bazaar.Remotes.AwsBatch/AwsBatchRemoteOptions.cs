using System.ComponentModel.DataAnnotations;
using Amazon.Runtime;
using Bazaar.Remotes.Aws;

namespace Bazaar.Remotes.AwsBatch;

/// <summary>
/// Host-side settings of the <c>aws-batch</c> remote: where Batch is and who signs the calls, the defaults of steps that
/// name no job queue or job definition, and the queues and definitions graphs may name besides. A graph chooses among
/// what the host allows; where the calls go is the host's business.
/// </summary>
public sealed class AwsBatchRemoteOptions : IAwsRemoteOptions
{
    /// <summary>Gets or sets the Batch endpoint to call instead of <c>https://batch.&lt;region&gt;.amazonaws.com</c>: a VPC endpoint, a stand-in for tests.</summary>
    /// <value>Default <see langword="null"/>: <c>AWS_ENDPOINT_URL_BATCH</c>, then <c>AWS_ENDPOINT_URL</c>, then the region's public endpoint.</value>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Gets or sets the region the jobs run in. A graph cannot choose it: its queues and job definitions are the region's.</summary>
    /// <value>Default <see langword="null"/>: the AWS default chain (<c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile).</value>
    [RegularExpression("^[a-z]{2}(-[a-z]+)+-[0-9]+$", ErrorMessage = "Region must be an AWS region name such as us-east-1.")]
    public string? Region { get; set; }

    /// <summary>Gets or sets the shared-config profile whose credentials sign the calls.</summary>
    /// <value>Default <see langword="null"/>: the AWS default credential chain (environment, <c>AWS_PROFILE</c>, SSO, container and instance roles).</value>
    public string? Profile { get; set; }

    /// <summary>Gets or sets the credentials that sign the calls, instead of <see cref="Profile"/> and the default chain.</summary>
    /// <value>Default <see langword="null"/>: <see cref="Profile"/>, else the AWS default credential chain.</value>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>Gets or sets the job queue of steps that name none.</summary>
    /// <value>Default <see langword="null"/>: the host's <c>BAZAAR_BATCH_JOB_QUEUE</c>.</value>
    public string? JobQueue { get; set; }

    /// <summary>Gets or sets the job definition of steps that name none: one whose container runs bazaar-agent.</summary>
    /// <value>Default <see langword="null"/>: the host's <c>BAZAAR_BATCH_JOB_DEFINITION</c>.</value>
    public string? JobDefinition { get; set; }

    /// <summary>
    /// Gets the job queues a graph may name besides the host's own <see cref="JobQueue"/>, by name or ARN. A graph naming
    /// another is refused before Batch is called. The janitor looks for leftovers in all of them.
    /// </summary>
    /// <value>Default empty, and the host's <c>BAZAAR_BATCH_JOB_QUEUES</c> (comma separated) adds to it.</value>
    public IList<string> JobQueues { get; } = [];

    /// <summary>
    /// Gets the job definitions a graph may name besides the host's own <see cref="JobDefinition"/>: <c>name</c> (any
    /// revision), <c>name:revision</c> or an ARN. A job definition brings its job role and image, so a graph naming one
    /// the host does not list is refused.
    /// </summary>
    /// <value>Default empty, and the host's <c>BAZAAR_BATCH_JOB_DEFINITIONS</c> (comma separated) adds to it.</value>
    public IList<string> JobDefinitions { get; } = [];

    /// <summary>
    /// Gets or sets how long a job may wait for capacity (SUBMITTED, PENDING, RUNNABLE) before its attempt fails with
    /// that reason instead of waiting until the step's deadline; a step's <c>startTimeout:</c> wins.
    /// </summary>
    /// <value>Default 15 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Gets or sets how much longer than the step's deadline Batch lets the job run (<c>timeout.attemptDurationSeconds</c>):
    /// the agent stops the command at the deadline and still uploads and calls home.
    /// </summary>
    /// <value>Default 2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DeadlineMargin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how many times one Batch call is tried when Batch throttles (<c>TooManyRequestsException</c>, 429), fails (5xx) or cannot be reached.</summary>
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
