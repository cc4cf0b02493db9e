using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Bazaar.Graphs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>
/// The <c>azure-container-instances</c> remote, a call-home remote: each attempt is a container group on Azure
/// Container Instances, made through Azure Resource Manager, running the agent image with the attempt's request
/// in a secure environment variable; the agent calls the host back when it starts and when it ends. Describe,
/// stop and delete are the group's <c>GET</c>, <c>POST …/stop</c> and <c>DELETE</c>. It checks its own settings
/// for the graph validator too.
/// </summary>
internal sealed partial class AzureContainerInstancesRemote : ICallHomeRemote, IRemoteSettingsValidator, IDisposable
{
    private readonly AzureContainerInstancesRemoteOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider clock;
    private readonly Lazy<ArmClient> arm;

    // When each job was last asked about (clock timestamps), to space reads of one group (DescribeAsync).
    private readonly ConcurrentDictionary<string, long> described = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="AzureContainerInstancesRemote"/> class.</summary>
    /// <param name="options">The remote's host settings.</param>
    /// <param name="logger">The host's log.</param>
    /// <param name="clock">The clock.</param>
    public AzureContainerInstancesRemote(IOptions<AzureContainerInstancesRemoteOptions> options, ILogger<AzureContainerInstancesRemote> logger, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
        this.clock = clock;

        // Made on first use: a host that offers the remote but never uses it needs no credential.
        this.arm = new Lazy<ArmClient>(() => new ArmClient(this.options, this.clock, this.Transport));
    }

    /// <inheritdoc/>
    public string Type => AciSettingsReader.RemoteType;

    /// <summary>Gets the environment host defaults and registry passwords are read from; a test seam.</summary>
    internal Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Gets the transport ARM is reached through; a test seam, Azure.Core's own by default.</summary>
    internal HttpPipelineTransport? Transport { get; init; }

    /// <inheritdoc/>
    public IEnumerable<RemoteSettingProblem> ValidateSettings(RemoteDefinition remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var problems = new List<RemoteSettingProblem>();
        AciSettingsReader.Read(remote, problems);
        return problems;
    }

    /// <inheritdoc/>
    public Task<RemoteResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(
            $"The {AciSettingsReader.RemoteType} remote runs steps by calling home: the engine submits them with SubmitAsync and waits for the agent's call; ExecuteAsync is never called for it.");

    /// <inheritdoc/>
    public async Task<string> SubmitAsync(StepContext context, RemoteStepRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var settings = ReadSettings(context.Remote, context.Step.Name);
        var job = this.Resolve(context, settings);
        var arm = this.arm.Value;
        var url = job.Target.Url(arm.Endpoint, this.options.ApiVersion);
        var where = Describe(job.Target);

        // Idempotent by name: a group already there (an earlier try of this activity) is this attempt's job.
        // It is looked up rather than PUT again because a PUT of an existing group updates it, and ACI restarts
        // a group whose definition changed (a new SAS URL, a new token): a second job. If-None-Match: * closes
        // the window between the GET and the PUT.
        var existing = await arm.SendAsync(RequestMethod.Get, url, null, ifNoneMatch: false, cancellationToken).ConfigureAwait(false);
        if (existing.Status == 200)
        {
            return this.Adopt(job, existing, where);
        }

        if (existing.Status != 404)
        {
            throw this.Refused(context.Step.Name, "look up", where, job, existing);
        }

        var password = this.ReadRegistryPassword(context.Step.Name, settings.Registry);
        var requestJson = JsonSerializer.Serialize(request, RemoteStepProtocol.Json);
        var body = JsonSerializer.SerializeToUtf8Bytes(ContainerGroupBody.Create(job, requestJson, password));
        this.logger.Submitting(context.Step.Name, context.Attempt, job.Target.Name, job.Target.ResourceGroup, job.Location, job.Image);
        var created = await arm.SendAsync(RequestMethod.Put, url, body, ifNoneMatch: true, cancellationToken).ConfigureAwait(false);
        if (created.Status == 412)
        {
            // Made meanwhile by another try of this very attempt.
            return job.Target.Name;
        }

        if (!created.IsSuccess)
        {
            throw this.Refused(context.Step.Name, "create", where, job, created);
        }

        // The PUT is a long-running operation (201 with Azure-AsyncOperation) that ends when the group is
        // provisioned: the image pulled and the container started. It is not followed here: the orchestration
        // waits for the agent's call at no cost, and DescribeAsync reads provisioningState, Failed included.
        return job.Target.Name;
    }

    /// <inheritdoc/>
    public async Task<CallHomeJobStatus> DescribeAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken)
    {
        var target = this.Target(remote, job);
        var arm = this.arm.Value;
        await this.SpaceReadsAsync(job, cancellationToken).ConfigureAwait(false);
        var answer = await arm.SendAsync(RequestMethod.Get, target.Url(arm.Endpoint, this.options.ApiVersion), null, ifNoneMatch: false, cancellationToken).ConfigureAwait(false);
        if (answer.Status == 404)
        {
            return new CallHomeJobStatus(CallHomeJobState.Gone);
        }

        if (!answer.IsSuccess)
        {
            throw this.Refused(null, "read", Describe(target), null, answer);
        }

        try
        {
            return ContainerGroupStatus.Read(answer.Body);
        }
        catch (JsonException ex)
        {
            throw new AzureContainerInstancesRemoteException($"ARM answered the GET of {Describe(target)} with something that is not a container group ({ex.Message}).", ex)
            {
                Kind = FailureKind.Infrastructure,
            };
        }
    }

    /// <inheritdoc/>
    public async Task CancelAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken)
    {
        var target = this.Target(remote, job);
        var arm = this.arm.Value;
        this.logger.Stopping(target.Name, target.ResourceGroup);
        var answer = await arm.SendAsync(RequestMethod.Post, target.Url(arm.Endpoint, this.options.ApiVersion, "stop"), null, ifNoneMatch: false, cancellationToken).ConfigureAwait(false);

        // 404: gone already; 409: ACI has nothing to stop (the group ended or is being deleted).
        if (!answer.IsSuccess && answer.Status is not (404 or 409))
        {
            throw this.Refused(null, "stop", Describe(target), null, answer);
        }
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken)
    {
        var target = this.Target(remote, job);
        var arm = this.arm.Value;
        var where = Describe(target);
        this.logger.Deleting(target.Name, target.ResourceGroup);
        var answer = await arm.SendAsync(RequestMethod.Delete, target.Url(arm.Endpoint, this.options.ApiVersion), null, ifNoneMatch: false, cancellationToken).ConfigureAwait(false);
        if (answer.Status == 404)
        {
            return;
        }

        if (!answer.IsSuccess)
        {
            throw this.Refused(null, "delete", where, null, answer);
        }

        if (answer.Status == 202)
        {
            await arm.WaitForOperationAsync(answer, $"deleting {where}", cancellationToken).ConfigureAwait(false);
        }

        this.described.TryRemove(job, out _);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (this.arm.IsValueCreated)
        {
            this.arm.Value.Dispose();
        }
    }

    /// <summary>Reads the step's settings again: a graph may reach a host without being validated there.</summary>
    private static AciStepSettings ReadSettings(RemoteDefinition remote, string? step)
    {
        var problems = new List<RemoteSettingProblem>();
        if (AciSettingsReader.Read(remote, problems) is { } settings)
        {
            return settings;
        }

        var who = remote.Name is { } name ? $"remote '{name}'" + (step is null ? string.Empty : $" of step '{step}'") : step is null ? "the remote" : $"step '{step}'";
        throw new AzureContainerInstancesRemoteException($"{who} has bad {AciSettingsReader.RemoteType} settings: {string.Join("; ", problems.Select(p => p.Message))}")
        {
            Kind = FailureKind.Misconfigured,
        };
    }

    /// <summary>
    /// Waits until <see cref="AzureContainerInstancesRemoteOptions.MinDescribeInterval"/> has passed since this host
    /// last asked about the job. ARM throttles reads per principal and subscription, and a caller that asks in a
    /// loop (a short RunOptions.CallHomeCheck, many hosts on one task hub, a bug) must not use up what every other
    /// step's calls need.
    /// </summary>
    private async Task SpaceReadsAsync(string job, CancellationToken cancellationToken)
    {
        var now = this.clock.GetTimestamp();
        if (this.described.TryGetValue(job, out var last))
        {
            var wait = this.options.MinDescribeInterval - this.clock.GetElapsedTime(last, now);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, this.clock, cancellationToken).ConfigureAwait(false);
            }
        }

        this.described[job] = this.clock.GetTimestamp();
    }

    private string Adopt(AciJob job, ArmResponse existing, string where)
    {
        var run = ContainerGroupStatus.Tag(existing.Body, ContainerGroupBody.RunTag);
        var step = ContainerGroupStatus.Tag(existing.Body, ContainerGroupBody.StepTag);
        var attempt = ContainerGroupStatus.Tag(existing.Body, ContainerGroupBody.AttemptTag);
        if (attempt != job.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture) || run is null || !job.RunId.StartsWith(run, StringComparison.Ordinal) || step is null || !job.Step.StartsWith(step, StringComparison.Ordinal))
        {
            throw new AzureContainerInstancesRemoteException(
                $"Step '{job.Step}': {where} exists but is not this attempt's (tagged run '{run}', step '{step}', attempt '{attempt}'); Bazaar leaves it alone. " +
                "Delete it if it is a leftover, or use another resource group.")
            {
                Kind = FailureKind.Misconfigured,
            };
        }

        this.logger.AlreadySubmitted(job.Step, job.Attempt, job.Target.Name);
        return job.Target.Name;
    }

    private AciJob Resolve(StepContext context, AciStepSettings settings)
    {
        var step = context.Step.Name;
        var subscription = this.Default(step, settings.Subscription, this.options.Subscription, "AZURE_SUBSCRIPTION_ID", AciSettingsReader.SubscriptionKey, nameof(this.options.Subscription));
        var group = this.Default(step, settings.ResourceGroup, this.options.ResourceGroup, "BAZAAR_ACI_RESOURCE_GROUP", AciSettingsReader.ResourceGroupKey, nameof(this.options.ResourceGroup));
        var location = this.Default(step, settings.Location, this.options.Location, "BAZAAR_ACI_LOCATION", AciSettingsReader.LocationKey, nameof(this.options.Location));
        var image = this.Default(step, settings.Image, this.options.AgentImage, "BAZAAR_AGENT_IMAGE", AciSettingsReader.ImageKey, nameof(this.options.AgentImage));
        var places = this.Places();
        if (!places.Allows(subscription, group))
        {
            throw NotAllowed(step, $"resource group '{group}' in subscription {subscription}", $"add it to {AciPlaces.ResourceGroupsVariable} (or the remote's ResourceGroups option) where Bazaar runs, or leave {AciSettingsReader.SubscriptionKey}: and {AciSettingsReader.ResourceGroupKey}: out for the host's own");
        }

        if (settings.Identity is { } identity && !places.AllowsIdentity(identity))
        {
            throw NotAllowed(step, $"identity '{identity}'", $"add its resource id to {AciPlaces.IdentitiesVariable} (or the remote's Identities option) where Bazaar runs, or leave {AciSettingsReader.IdentityKey}: out");
        }

        var target = new ContainerGroupTarget(subscription, group, ContainerGroupTarget.NameFor(context.RunId, step, context.Attempt));
        return new AciJob(target, context.RunId, step, context.Attempt, location.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant(), image, settings.Cpu, settings.MemoryInGB, settings.Identity, settings.Registry);
    }

    private ContainerGroupTarget Target(RemoteDefinition remote, string job)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(job);
        if (!ContainerGroupTarget.IsName(job))
        {
            throw new AzureContainerInstancesRemoteException($"'{job}' is not a container group this remote made (bazaar- and 32 hex digits); nothing was asked of ARM.")
            {
                Kind = FailureKind.Misconfigured,
            };
        }

        var settings = ReadSettings(remote, null);
        var subscription = this.Default(null, settings.Subscription, this.options.Subscription, "AZURE_SUBSCRIPTION_ID", AciSettingsReader.SubscriptionKey, nameof(this.options.Subscription));
        var group = this.Default(null, settings.ResourceGroup, this.options.ResourceGroup, "BAZAAR_ACI_RESOURCE_GROUP", AciSettingsReader.ResourceGroupKey, nameof(this.options.ResourceGroup));
        if (!this.Places().Allows(subscription, group))
        {
            throw NotAllowed(null, $"resource group '{group}' in subscription {subscription}", $"add it to {AciPlaces.ResourceGroupsVariable} (or the remote's ResourceGroups option) where Bazaar runs");
        }

        return new ContainerGroupTarget(subscription, group, job);
    }

    private string Default(string? step, string? fromStep, string? fromOptions, string variable, string key, string option)
    {
        var value = fromStep ?? fromOptions ?? this.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value.Trim();
        }

        var who = step is null ? "A job" : $"Step '{step}'";
        throw new AzureContainerInstancesRemoteException(
            $"{who} has no {key} for its {AciSettingsReader.RemoteType} remote, and this host sets no default. Add {key}: to the remote in the graph, or set {variable} (or the remote's {option} option) on the host.")
        {
            Kind = FailureKind.Misconfigured,
        };
    }

    private string? ReadRegistryPassword(string step, AciRegistry? registry)
    {
        if (registry?.PasswordSecret is not { } name)
        {
            return null;
        }

        var shared = ShareableSecrets.Parse(this.GetEnvironmentVariable(ShareableSecrets.Variable)).Concat(this.options.RegistrySecrets);
        if (!shared.Contains(name, StringComparer.Ordinal))
        {
            throw new AzureContainerInstancesRemoteException(
                $"Step '{step}': its registry's passwordSecret names {name}, which this host does not share with graphs. List it in {ShareableSecrets.Variable} " +
                "or the remote's RegistrySecrets option where Bazaar runs, or pull with the step's identity: instead.")
            {
                Kind = FailureKind.Misconfigured,
            };
        }

        return this.GetEnvironmentVariable(name) is { Length: > 0 } password
            ? password
            : throw new AzureContainerInstancesRemoteException($"Step '{step}': its registry's passwordSecret names {name}, which is not set on this host. Set it where Bazaar runs.")
            {
                Kind = FailureKind.Misconfigured,
            };
    }

    private static string Describe(ContainerGroupTarget target) =>
        $"container group {target.Name} in resource group {target.ResourceGroup}";
}
