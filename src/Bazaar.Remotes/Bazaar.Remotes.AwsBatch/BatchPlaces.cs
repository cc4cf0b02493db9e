using Bazaar.Remotes.Aws;

namespace Bazaar.Remotes.AwsBatch;

/// <summary>
/// Where this host lets graphs submit jobs: its own job queue and job definition (options or <c>BAZAAR_BATCH_*</c>), and
/// those the allow-lists add (<see cref="AwsBatchRemoteOptions.JobQueues"/>, <see cref="AwsBatchRemoteOptions.JobDefinitions"/>
/// and their variables). The host's IAM policy is the outer fence; this is the inner one, so a graph cannot use a queue or
/// borrow a job definition's role the host's policy happens to cover but its owner never meant for graphs. The janitor
/// looks in the same queues.
/// </summary>
internal sealed class BatchPlaces
{
    /// <summary>The host's default job queue.</summary>
    public const string JobQueueVariable = "BAZAAR_BATCH_JOB_QUEUE";

    /// <summary>The host's default job definition.</summary>
    public const string JobDefinitionVariable = "BAZAAR_BATCH_JOB_DEFINITION";

    /// <summary>More job queues graphs may name, comma separated.</summary>
    public const string JobQueuesVariable = "BAZAAR_BATCH_JOB_QUEUES";

    /// <summary>More job definitions graphs may name, comma separated.</summary>
    public const string JobDefinitionsVariable = "BAZAAR_BATCH_JOB_DEFINITIONS";

    private readonly HashSet<string> queues;
    private readonly HashSet<string> definitions;

    private BatchPlaces(string? queue, string? definition, HashSet<string> queues, HashSet<string> definitions)
    {
        this.JobQueue = queue;
        this.JobDefinition = definition;
        this.queues = queues;
        this.definitions = definitions;
    }

    /// <summary>Gets the host's job queue, or <see langword="null"/>.</summary>
    public string? JobQueue { get; }

    /// <summary>Gets the host's job definition, or <see langword="null"/>.</summary>
    public string? JobDefinition { get; }

    /// <summary>Gets every allowed job queue by name, the host's first.</summary>
    public IReadOnlyCollection<string> JobQueues => this.queues;

    /// <summary>Reads the host's defaults and lists.</summary>
    /// <param name="options">The remote's options.</param>
    /// <param name="environment">The host's environment.</param>
    /// <returns>The places.</returns>
    public static BatchPlaces Read(AwsBatchRemoteOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var queue = AwsNames.NonBlank(options.JobQueue ?? environment(JobQueueVariable));
        var definition = AwsNames.NonBlank(options.JobDefinition ?? environment(JobDefinitionVariable));
        var queues = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in (queue is null ? [] : new[] { queue }).Concat(options.JobQueues).Concat(AwsNames.Split(environment(JobQueuesVariable))))
        {
            queues.Add(AwsNames.ResourceName(entry.Trim()));
        }

        var definitions = new HashSet<string>(options.JobDefinitions.Concat(AwsNames.Split(environment(JobDefinitionsVariable))).Select(d => d.Trim()), StringComparer.Ordinal);
        if (definition is not null)
        {
            definitions.Add(definition);
        }

        return new BatchPlaces(queue, definition, queues, definitions);
    }

    /// <summary>Gets a value indicating whether graphs may submit to the job queue.</summary>
    /// <param name="queue">The queue's name or ARN.</param>
    /// <returns><see langword="true"/> when the host allows it.</returns>
    public bool AllowsJobQueue(string queue) => this.queues.Contains(AwsNames.ResourceName(queue));

    /// <summary>Gets a value indicating whether graphs may use the job definition: listed as written, or its name listed without a revision.</summary>
    /// <param name="definition">The job definition as the graph writes it.</param>
    /// <returns><see langword="true"/> when the host allows it.</returns>
    public bool AllowsJobDefinition(string definition) => AwsNames.AllowsRevision(this.definitions, definition);
}
