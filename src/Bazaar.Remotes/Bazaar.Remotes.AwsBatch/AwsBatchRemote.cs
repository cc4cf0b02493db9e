using System.Text.Json;
using System.Text.Json.Nodes;
using Bazaar.Graphs;
using Bazaar.Remotes.Aws;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.AwsBatch;

/// <summary>
/// The <c>aws-batch</c> remote, a call-home remote: each attempt is an AWS Batch job of a job definition whose container
/// runs bazaar-agent, with the attempt's request in the container's environment override; the agent calls the host back
/// when it starts and when it ends. Describe is <c>DescribeJobs</c> (a job left waiting for capacity past its start timeout
/// counts as ended, with that reason); cancel and delete are <c>TerminateJob</c> (Batch keeps finished jobs itself). The
/// calls are Batch's REST-JSON API, signed with SigV4 by AWSSDK.Core. It checks its own settings for the graph validator too.
/// </summary>
internal sealed partial class AwsBatchRemote : ICallHomeRemote, IRemoteSettingsValidator, IDisposable
{
    /// <summary>The service name Batch calls are signed for.</summary>
    public const string SigningService = "batch";

    private readonly AwsBatchRemoteOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider clock;
    private readonly Lazy<AwsJsonClient> client;
    private readonly Lazy<AwsServiceTarget> target;

    /// <summary>Initializes a new instance of the <see cref="AwsBatchRemote"/> class.</summary>
    /// <param name="options">The remote's host settings.</param>
    /// <param name="logger">The host's log.</param>
    /// <param name="clock">The clock.</param>
    public AwsBatchRemote(IOptions<AwsBatchRemoteOptions> options, ILogger<AwsBatchRemote> logger, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
        this.clock = clock;
        this.client = new Lazy<AwsJsonClient>(() => new AwsJsonClient(this.clock, this.options, this.Handler));
        this.target = new Lazy<AwsServiceTarget>(() => new AwsServiceTarget(SigningService, BatchSettingsReader.RemoteType, this.options, this.GetEnvironmentVariable, Misconfigured));
    }

    /// <inheritdoc/>
    public string Type => BatchSettingsReader.RemoteType;

    /// <summary>Gets the environment host defaults are read from; a test seam.</summary>
    internal Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Gets the transport Batch is reached through; a test seam, sockets by default.</summary>
    internal HttpMessageHandler? Handler { get; init; }

    /// <inheritdoc/>
    public IEnumerable<RemoteSettingProblem> ValidateSettings(RemoteDefinition remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var problems = new List<RemoteSettingProblem>();
        BatchSettingsReader.Read(remote, problems);
        return problems;
    }

    /// <inheritdoc/>
    public Task<RemoteResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(
            $"The {BatchSettingsReader.RemoteType} remote runs steps by calling home: the engine submits them with SubmitAsync and waits for the agent's call; ExecuteAsync is never called for it.");

    /// <inheritdoc/>
    public async Task<string> SubmitAsync(StepContext context, RemoteStepRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var step = context.Step.Name;
        var settings = ReadSettings(context.Remote, step);
        var job = this.Resolve(context, settings, request.Deadline);

        // Idempotent by name: Batch takes no client token, so a job of this attempt's name in the queue (an earlier try
        // of this activity submitted it) is this attempt's job.
        if (await this.FindAsync(job, step, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            this.logger.AlreadySubmitted(step, context.Attempt, existing);
            return existing;
        }

        var requestJson = JsonSerializer.Serialize(request, RemoteStepProtocol.Json);
        this.logger.Submitting(step, context.Attempt, job.Name, job.JobQueue, job.JobDefinition);
        var answer = await this.CallAsync("SubmitJob", SubmitJobBody.Create(job, requestJson), step, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(answer);
        return BatchJobStatus.String(document.RootElement, "jobId") is { } id && BatchJob.IsJobId(id)
            ? id
            : throw new AwsBatchRemoteException($"Step '{step}': Batch answered SubmitJob without a job id ({document.RootElement.GetRawText()}).") { Kind = FailureKind.Infrastructure };
    }

    /// <inheritdoc/>
    public async Task<CallHomeJobStatus> DescribeAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken)
    {
        var settings = Target(remote, job);
        var answer = await this.CallAsync("DescribeJobs", new JsonObject { ["jobs"] = new JsonArray(job) }, null, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(answer);
            if (!document.RootElement.TryGetProperty("jobs", out var jobs) || jobs.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("no jobs list");
            }

            foreach (var found in jobs.EnumerateArray())
            {
                if (BatchJobStatus.String(found, "jobId") == job)
                {
                    return BatchJobStatus.Read(found, this.clock.GetUtcNow(), settings.StartTimeout ?? this.options.StartTimeout);
                }
            }

            return new CallHomeJobStatus(CallHomeJobState.Gone);
        }
        catch (JsonException ex)
        {
            throw new AwsBatchRemoteException($"Batch answered DescribeJobs of {job} with something Bazaar cannot read ({ex.Message}).", ex) { Kind = FailureKind.Infrastructure };
        }
    }

    /// <inheritdoc/>
    public Task CancelAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken) =>
        this.TerminateAsync(remote, job, "Bazaar: the attempt timed out or its run was cancelled", cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// Batch has no call to delete a job: it keeps finished jobs for a while and removes them. Deleting terminates the
    /// job if it has not ended (a job still waiting for capacity, one whose agent never called), which is all the compute
    /// there is to release; terminating an ended job changes nothing.
    /// </remarks>
    public Task DeleteAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken) =>
        this.TerminateAsync(remote, job, "Bazaar: the attempt has ended", cancellationToken);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (this.client.IsValueCreated)
        {
            this.client.Value.Dispose();
        }
    }

    /// <summary>Reads the step's settings again: a graph may reach a host without being validated there.</summary>
    private static BatchStepSettings ReadSettings(RemoteDefinition remote, string? step)
    {
        var problems = new List<RemoteSettingProblem>();
        if (BatchSettingsReader.Read(remote, problems) is { } settings)
        {
            return settings;
        }

        var who = remote.Name is { } name ? $"remote '{name}'" + (step is null ? string.Empty : $" of step '{step}'") : step is null ? "the remote" : $"step '{step}'";
        throw new AwsBatchRemoteException($"{who} has bad {BatchSettingsReader.RemoteType} settings: {string.Join("; ", problems.Select(p => p.Message))}")
        {
            Kind = FailureKind.Misconfigured,
        };
    }

    private async Task TerminateAsync(RemoteDefinition remote, string job, string reason, CancellationToken cancellationToken)
    {
        Target(remote, job);
        this.logger.Terminating(job, reason);
        await this.CallAsync("TerminateJob", new JsonObject { ["jobId"] = job, ["reason"] = reason }, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> FindAsync(BatchJob job, string step, CancellationToken cancellationToken)
    {
        // With a filter, ListJobs lists the queue's jobs of that name in every status.
        var body = new JsonObject
        {
            ["jobQueue"] = job.JobQueue,
            ["filters"] = new JsonArray(new JsonObject { ["name"] = "JOB_NAME", ["values"] = new JsonArray(job.Name) }),
        };
        var answer = await this.CallAsync("ListJobs", body, step, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(answer);
        return document.RootElement.TryGetProperty("jobSummaryList", out var jobs) && jobs.ValueKind == JsonValueKind.Array
            ? jobs.EnumerateArray()
                .Where(j => BatchJobStatus.String(j, "jobName") == job.Name)
                .Select(j => BatchJobStatus.String(j, "jobId"))
                .FirstOrDefault(id => id is not null && BatchJob.IsJobId(id))
            : null;
    }

    private BatchJob Resolve(StepContext context, BatchStepSettings settings, DateTimeOffset deadline)
    {
        var step = context.Step.Name;
        var places = this.Places();
        var queue = settings.JobQueue ?? places.JobQueue ?? throw NoDefault(step, BatchSettingsReader.JobQueueKey, BatchPlaces.JobQueueVariable, nameof(this.options.JobQueue));
        var definition = settings.JobDefinition ?? places.JobDefinition ?? throw NoDefault(step, BatchSettingsReader.JobDefinitionKey, BatchPlaces.JobDefinitionVariable, nameof(this.options.JobDefinition));
        if (!places.AllowsJobQueue(queue))
        {
            throw NotAllowed(step, $"job queue '{queue}'", $"add it to {BatchPlaces.JobQueuesVariable} (or the remote's JobQueues option) where Bazaar runs, or leave {BatchSettingsReader.JobQueueKey}: out for the host's own");
        }

        if (!places.AllowsJobDefinition(definition))
        {
            throw NotAllowed(step, $"job definition '{definition}'", $"add it (or its name) to {BatchPlaces.JobDefinitionsVariable} (or the remote's JobDefinitions option) where Bazaar runs, or leave {BatchSettingsReader.JobDefinitionKey}: out for the host's own");
        }

        // Batch stops the job itself past the step's deadline plus the margin the agent needs to report; 60 s is Batch's least.
        var seconds = (int)Math.Ceiling(Math.Clamp((deadline - this.clock.GetUtcNow() + this.options.DeadlineMargin).TotalSeconds, 60, int.MaxValue));
        return new BatchJob(context.RunId, step, context.Attempt, queue, definition, settings.Vcpus, settings.Memory, seconds);
    }

    /// <summary>Checks a job named by the orchestration before anything is asked of Batch, and reads its remote's settings.</summary>
    private static BatchStepSettings Target(RemoteDefinition remote, string job)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(job);
        return BatchJob.IsJobId(job)
            ? ReadSettings(remote, null)
            : throw new AwsBatchRemoteException($"'{job}' is not a Batch job id (a UUID); nothing was asked of Batch.") { Kind = FailureKind.Misconfigured };
    }

    private BatchPlaces Places() => BatchPlaces.Read(this.options, this.GetEnvironmentVariable);

    private static AwsBatchRemoteException NoDefault(string step, string key, string variable, string option) =>
        new($"Step '{step}' has no {key} for its {BatchSettingsReader.RemoteType} remote, and this host sets no default. Add {key}: to the remote in the graph, or set {variable} (or the remote's {option} option) on the host.")
        {
            Kind = FailureKind.Misconfigured,
        };

    private static AwsBatchRemoteException Misconfigured(string message, Exception? cause) => cause is null
        ? new(message) { Kind = FailureKind.Misconfigured }
        : new(message, cause) { Kind = FailureKind.Misconfigured };

    private static AwsBatchRemoteException NotAllowed(string step, string what, string advice) =>
        new($"Step '{step}' asks for {what}, which this host does not let graphs use; {advice}.")
        {
            Kind = FailureKind.Misconfigured,
        };
}
