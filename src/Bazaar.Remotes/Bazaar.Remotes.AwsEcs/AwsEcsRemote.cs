using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bazaar.Graphs;
using Bazaar.Remotes.Aws;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.AwsEcs;

/// <summary>
/// The <c>aws-ecs</c> remote, a call-home remote: each attempt is an Amazon ECS task (Fargate, EC2 or a capacity
/// provider) of a task definition whose container runs bazaar-agent, with the attempt's request in that container's
/// environment override; the agent calls the host back when it starts and when it ends. Describe, cancel and delete are
/// <c>DescribeTasks</c> and <c>StopTask</c> (ECS removes stopped tasks itself). The calls are ECS's JSON 1.1 API, signed
/// with SigV4 by AWSSDK.Core. It checks its own settings for the graph validator too.
/// </summary>
internal sealed partial class AwsEcsRemote : ICallHomeRemote, IRemoteSettingsValidator, IDisposable
{
    /// <summary>The service name ECS calls are signed for.</summary>
    public const string SigningService = "ecs";

    /// <summary>The prefix of ECS's <c>X-Amz-Target</c> header.</summary>
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";

    private readonly AwsEcsRemoteOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider clock;
    private readonly Lazy<AwsJsonClient> client;
    private readonly Lazy<AwsServiceTarget> target;

    /// <summary>Initializes a new instance of the <see cref="AwsEcsRemote"/> class.</summary>
    /// <param name="options">The remote's host settings.</param>
    /// <param name="logger">The host's log.</param>
    /// <param name="clock">The clock.</param>
    public AwsEcsRemote(IOptions<AwsEcsRemoteOptions> options, ILogger<AwsEcsRemote> logger, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
        this.clock = clock;
        this.client = new Lazy<AwsJsonClient>(() => new AwsJsonClient(this.clock, this.options, this.Handler));
        this.target = new Lazy<AwsServiceTarget>(() => new AwsServiceTarget(SigningService, EcsSettingsReader.RemoteType, this.options, this.GetEnvironmentVariable, Misconfigured));
    }

    /// <inheritdoc/>
    public string Type => EcsSettingsReader.RemoteType;

    /// <summary>Gets the environment host defaults are read from; a test seam.</summary>
    internal Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Gets the transport ECS is reached through; a test seam, sockets by default.</summary>
    internal HttpMessageHandler? Handler { get; init; }

    /// <inheritdoc/>
    public IEnumerable<RemoteSettingProblem> ValidateSettings(RemoteDefinition remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var problems = new List<RemoteSettingProblem>();
        EcsSettingsReader.Read(remote, problems);
        return problems;
    }

    /// <inheritdoc/>
    public Task<RemoteResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(
            $"The {EcsSettingsReader.RemoteType} remote runs steps by calling home: the engine submits them with SubmitAsync and waits for the agent's call; ExecuteAsync is never called for it.");

    /// <inheritdoc/>
    public async Task<string> SubmitAsync(StepContext context, RemoteStepRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var step = context.Step.Name;
        var settings = ReadSettings(context.Remote, step);
        var job = this.Resolve(context, settings);

        // Idempotent by id: a task started by an earlier try of this activity is this attempt's job. It is looked up
        // first because the request differs from try to try (its SAS URLs and tokens are minted anew), and ECS may
        // refuse a clientToken reused with other parameters; the clientToken still closes the window between the two calls.
        if (await this.FindAsync(job, step, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            this.logger.AlreadySubmitted(step, context.Attempt, existing);
            return existing;
        }

        var requestJson = JsonSerializer.Serialize(request, RemoteStepProtocol.Json);
        var body = RunTaskBody.Create(job, requestJson);
        var overrides = Encoding.UTF8.GetByteCount(body["overrides"]!.ToJsonString());
        if (overrides > RunTaskBody.MaxOverridesBytes)
        {
            throw new AwsEcsRemoteException(
                $"Step '{step}': its request for the agent makes the task's overrides {overrides} bytes, and ECS takes at most {RunTaskBody.MaxOverridesBytes}. " +
                "Give the step fewer inputs and outputs (a directory product counts once), fewer or shorter env: values, or run it on aws-batch.")
            {
                Kind = FailureKind.Misconfigured,
            };
        }

        this.logger.Submitting(step, context.Attempt, job.TaskDefinition, job.Cluster, job.Id);
        var answer = await this.CallAsync("RunTask", body, step, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(answer);
        var root = document.RootElement;
        if (root.TryGetProperty("tasks", out var tasks) && tasks.ValueKind == JsonValueKind.Array && tasks.GetArrayLength() > 0 &&
            EcsTaskStatus.String(tasks[0], "taskArn") is { } arn && EcsJob.TryParseTaskArn(arn, out _))
        {
            return arn;
        }

        throw NotStarted(step, job, root);
    }

    /// <inheritdoc/>
    public async Task<CallHomeJobStatus> DescribeAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken)
    {
        var (cluster, container) = this.Target(remote, job);
        var body = new JsonObject { ["cluster"] = cluster, ["tasks"] = new JsonArray(job) };
        var answer = await this.CallAsync("DescribeTasks", body, null, cancellationToken).ConfigureAwait(false);
        try
        {
            return EcsTaskStatus.Read(answer, job, container);
        }
        catch (JsonException ex)
        {
            throw new AwsEcsRemoteException($"ECS answered DescribeTasks of {job} with something Bazaar cannot read ({ex.Message}).", ex) { Kind = FailureKind.Infrastructure };
        }
    }

    /// <inheritdoc/>
    public Task CancelAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken) =>
        this.StopAsync(remote, job, "Bazaar: the attempt timed out or its run was cancelled", cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// ECS has no call to delete a task: a stopped task is kept for about an hour and then removed by ECS. Deleting
    /// stops the task if it still runs (the agent has called home by then, or the attempt was given up), which is
    /// all the compute there is to release.
    /// </remarks>
    public Task DeleteAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken) =>
        this.StopAsync(remote, job, "Bazaar: the attempt has ended", cancellationToken);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (this.client.IsValueCreated)
        {
            this.client.Value.Dispose();
        }
    }

    /// <summary>Reads the step's settings again: a graph may reach a host without being validated there.</summary>
    private static EcsStepSettings ReadSettings(RemoteDefinition remote, string? step)
    {
        var problems = new List<RemoteSettingProblem>();
        if (EcsSettingsReader.Read(remote, problems) is { } settings)
        {
            return settings;
        }

        var who = remote.Name is { } name ? $"remote '{name}'" + (step is null ? string.Empty : $" of step '{step}'") : step is null ? "the remote" : $"step '{step}'";
        throw new AwsEcsRemoteException($"{who} has bad {EcsSettingsReader.RemoteType} settings: {string.Join("; ", problems.Select(p => p.Message))}")
        {
            Kind = FailureKind.Misconfigured,
        };
    }

    private async Task StopAsync(RemoteDefinition remote, string job, string reason, CancellationToken cancellationToken)
    {
        var (cluster, _) = this.Target(remote, job);
        this.logger.Stopping(job, reason);
        var body = new JsonObject { ["cluster"] = cluster, ["task"] = job, ["reason"] = reason };
        try
        {
            await this.CallAsync("StopTask", body, null, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsEcsRemoteException ex) when (ex.Data["ecs-error"] is "InvalidParameterException" && ex.Message.Contains("not found", StringComparison.OrdinalIgnoreCase))
        {
            // ECS has forgotten the task: nothing to stop.
        }
    }

    private async Task<string?> FindAsync(EcsJob job, string step, CancellationToken cancellationToken)
    {
        // ListTasks lists tasks meant to run unless asked for the stopped ones: a task of this attempt may be either.
        foreach (var desired in (string[])["RUNNING", "STOPPED"])
        {
            var body = new JsonObject { ["cluster"] = job.Cluster, ["startedBy"] = job.Id, ["desiredStatus"] = desired };
            var answer = await this.CallAsync("ListTasks", body, step, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(answer);
            if (document.RootElement.TryGetProperty("taskArns", out var arns) && arns.ValueKind == JsonValueKind.Array &&
                arns.EnumerateArray().Select(a => a.GetString()).FirstOrDefault(a => a is not null && EcsJob.TryParseTaskArn(a, out _)) is { } arn)
            {
                return arn;
            }
        }

        return null;
    }

    private EcsJob Resolve(StepContext context, EcsStepSettings settings)
    {
        var step = context.Step.Name;
        var places = this.Places();
        var cluster = settings.Cluster ?? places.Cluster ?? throw NoDefault(step, EcsSettingsReader.ClusterKey, EcsPlaces.ClusterVariable, nameof(this.options.Cluster));
        var taskDefinition = settings.TaskDefinition ?? places.TaskDefinition ?? throw NoDefault(step, EcsSettingsReader.TaskDefinitionKey, EcsPlaces.TaskDefinitionVariable, nameof(this.options.TaskDefinition));
        if (!places.AllowsCluster(cluster))
        {
            throw NotAllowed(step, $"cluster '{cluster}'", $"add it to {EcsPlaces.ClustersVariable} (or the remote's Clusters option) where Bazaar runs, or leave {EcsSettingsReader.ClusterKey}: out for the host's own");
        }

        if (!places.AllowsTaskDefinition(taskDefinition))
        {
            throw NotAllowed(step, $"task definition '{taskDefinition}'", $"add it (or its family) to {EcsPlaces.TaskDefinitionsVariable} (or the remote's TaskDefinitions option) where Bazaar runs, or leave {EcsSettingsReader.TaskDefinitionKey}: out for the host's own");
        }

        var subnets = settings.Subnets ?? places.Subnets;
        if (places.RefusedSubnets(subnets) is { Count: > 0 } subnetsRefused)
        {
            throw NotAllowed(step, $"subnets {string.Join(", ", subnetsRefused)}", $"add them to {EcsPlaces.AllowedSubnetsVariable} (or the remote's AllowedSubnets option) where Bazaar runs, or leave {EcsSettingsReader.SubnetsKey}: out for the host's own");
        }

        var groups = settings.SecurityGroups ?? places.SecurityGroups;
        if (places.RefusedSecurityGroups(groups) is { Count: > 0 } groupsRefused)
        {
            throw NotAllowed(step, $"security groups {string.Join(", ", groupsRefused)}", $"add them to {EcsPlaces.AllowedSecurityGroupsVariable} (or the remote's AllowedSecurityGroups option) where Bazaar runs, or leave {EcsSettingsReader.SecurityGroupsKey}: out for the host's own");
        }

        // Without a capacity provider, Fargate unless the step says otherwise: a task on Fargate needs awsvpc subnets.
        var launchType = settings.CapacityProvider is null ? settings.LaunchType ?? "FARGATE" : null;
        if (launchType == "FARGATE" && subnets.Count == 0)
        {
            throw new AwsEcsRemoteException(
                $"Step '{step}' runs on Fargate, which needs awsvpc subnets, and neither the step nor the host names any. Add {EcsSettingsReader.SubnetsKey}: to the remote, or set {EcsPlaces.SubnetsVariable} (or the remote's Subnets option) on the host.")
            {
                Kind = FailureKind.Misconfigured,
            };
        }

        return new EcsJob(
            context.RunId,
            step,
            context.Attempt,
            cluster,
            taskDefinition,
            settings.ContainerName ?? this.options.ContainerName,
            launchType,
            settings.CapacityProvider,
            subnets,
            groups,
            settings.AssignPublicIp ?? this.options.AssignPublicIp,
            settings.Cpu,
            settings.Memory);
    }

    /// <summary>Checks a job named by the orchestration before anything is asked of ECS: a task ARN, in a cluster the host allows.</summary>
    private (string Cluster, string Container) Target(RemoteDefinition remote, string job)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(job);
        if (!EcsJob.TryParseTaskArn(job, out var cluster))
        {
            throw new AwsEcsRemoteException($"'{job}' is not an ECS task ARN (arn:aws:ecs:region:account:task/cluster/id); nothing was asked of ECS.") { Kind = FailureKind.Misconfigured };
        }

        if (!this.Places().AllowsCluster(cluster))
        {
            throw NotAllowed(null, $"cluster '{cluster}'", $"add it to {EcsPlaces.ClustersVariable} (or the remote's Clusters option) where Bazaar runs");
        }

        var settings = ReadSettings(remote, null);
        return (cluster, settings.ContainerName ?? this.options.ContainerName);
    }

    private EcsPlaces Places() => EcsPlaces.Read(this.options, this.GetEnvironmentVariable);

    private static AwsEcsRemoteException NoDefault(string step, string key, string variable, string option) =>
        new($"Step '{step}' has no {key} for its {EcsSettingsReader.RemoteType} remote, and this host sets no default. Add {key}: to the remote in the graph, or set {variable} (or the remote's {option} option) on the host.")
        {
            Kind = FailureKind.Misconfigured,
        };

    private static AwsEcsRemoteException Misconfigured(string message, Exception? cause) => cause is null
        ? new(message) { Kind = FailureKind.Misconfigured }
        : new(message, cause) { Kind = FailureKind.Misconfigured };

    private static AwsEcsRemoteException NotAllowed(string? step, string what, string advice) =>
        new($"{(step is null ? "A job" : $"Step '{step}'")} asks for {what}, which this host does not let graphs use; {advice}.")
        {
            Kind = FailureKind.Misconfigured,
        };
}
