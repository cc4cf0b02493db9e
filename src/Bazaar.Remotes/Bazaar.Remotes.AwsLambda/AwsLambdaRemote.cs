using System.Text.Json;
using Amazon.Runtime;
using Bazaar.Graphs;
using Bazaar.Remotes.Aws;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.AwsLambda;

/// <summary>
/// The <c>aws-lambda</c> remote: sends a step to a Lambda function as a remote step protocol request
/// (SAS URLs for its products, never their bytes) through the Invoke API, signed with SigV4 by
/// AWSSDK.Core, and turns the answer into the step's log and result. It checks its own settings for
/// the graph validator too.
/// </summary>
internal sealed partial class AwsLambdaRemote : IRemote, IRemoteSettingsValidator, IDisposable
{
    private readonly AwsLambdaRemoteOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider clock;
    private readonly HttpClient http;
    private AWSCredentials? credentials;

    /// <summary>Initializes a new instance of the <see cref="AwsLambdaRemote"/> class.</summary>
    /// <param name="options">The remote's settings.</param>
    /// <param name="logger">The host's log.</param>
    /// <param name="clock">The clock deadlines run on.</param>
    public AwsLambdaRemote(IOptions<AwsLambdaRemoteOptions> options, ILogger<AwsLambdaRemote> logger, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
        this.clock = clock;

        // The invocation's own deadline is a token per call, so the client has no timeout of its own.
        this.http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <inheritdoc/>
    public string Type => LambdaSettingsReader.RemoteType;

    /// <summary>Gets the environment the endpoint and region are read from; a test seam.</summary>
    internal Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <inheritdoc/>
    public IEnumerable<RemoteSettingProblem> ValidateSettings(RemoteDefinition remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var problems = new List<RemoteSettingProblem>();
        LambdaSettingsReader.Read(remote, problems);
        return problems;
    }

    /// <inheritdoc/>
    public async Task<RemoteResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        var settings = ReadSettings(context);
        if (context.Step.Run is null)
        {
            return RemoteResult.Success;
        }

        var step = context.Step;
        var region = this.ResolveRegion(step, settings);
        var target = new LambdaTarget(settings, region, this.ResolveEndpoint(region));
        var signingCredentials = await this.GetCredentialsAsync(step).ConfigureAwait(false);

        var deadline = RemoteStepProtocol.Deadline(context, this.clock, this.options.MaxStepDuration);
        var request = await RemoteStepProtocol.CreateRequestAsync(context, deadline, cancellationToken).ConfigureAwait(false);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, RemoteStepProtocol.Json);

        var invocationTimeout = deadline - this.clock.GetUtcNow() + this.options.InvocationTimeoutMargin;
        using var timeout = new CancellationTokenSource(invocationTimeout, this.clock);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        LambdaAnswer answer;
        try
        {
            var endpoint = target.Endpoint.GetLeftPart(UriPartial.Authority);
            this.logger.Invoking(step.Name, context.Attempt, settings.Function, target.Region, endpoint);
            answer = await this.InvokeAsync(step, target, signingCredentials, body, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Log.WriteLineAsync(
                $"[bazaar] step '{step.Name}' was cancelled; Bazaar stopped waiting, but the Lambda invocation runs on until it ends or reaches its deadline",
                CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return await this.TimedOutAsync(context, target, invocationTimeout).ConfigureAwait(false);
        }

        if (answer.FunctionError is not null)
        {
            throw await this.FunctionFailedAsync(context, target, answer).ConfigureAwait(false);
        }

        var response = RemoteStepProtocol.ParseResponse(answer.Body, target.Describe());
        return await RemoteStepProtocol.ToResultAsync(context, response, target.Describe(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => this.http.Dispose();

    /// <summary>Reads the step's settings again when it runs: a graph may reach a host without being validated there.</summary>
    private static LambdaStepSettings ReadSettings(StepContext context)
    {
        var problems = new List<RemoteSettingProblem>();
        if (LambdaSettingsReader.Read(context.Remote, problems) is { } settings)
        {
            return settings;
        }

        var remote = context.Remote.Name is { } name ? $"remote '{name}' of step '{context.Step.Name}'" : $"step '{context.Step.Name}'";
        throw new AwsLambdaRemoteException($"{remote} has bad {LambdaSettingsReader.RemoteType} settings: {string.Join("; ", problems.Select(p => p.Message))}") { Kind = FailureKind.Misconfigured };
    }

    private string ResolveRegion(StepDefinition step, LambdaStepSettings settings) =>
        AwsHostSettings.Region(settings.Region ?? this.options.Region, this.GetEnvironmentVariable) ?? throw new AwsLambdaRemoteException(
            $"Step '{step.Name}': setting '{LambdaSettingsReader.RegionKey}' of its {LambdaSettingsReader.RemoteType} remote is not set and this host has no default AWS region. " +
            "Add region: to the step's remote, use the function's ARN, or set AWS_REGION on the host.") { Kind = FailureKind.Misconfigured };

    private Uri ResolveEndpoint(string region) =>
        AwsHostSettings.Endpoint(
            this.options.ServiceUrl,
            "AWS_ENDPOINT_URL_LAMBDA",
            this.GetEnvironmentVariable,
            (name, value) => new AwsLambdaRemoteException($"{name} is '{value}', which is not an http or https URL. Set it to the Lambda endpoint, e.g. http://127.0.0.1:3002, or unset it.") { Kind = FailureKind.Misconfigured })
        ?? new Uri($"https://lambda.{region}.amazonaws.com/");

    private async Task<AWSCredentials> GetCredentialsAsync(StepDefinition step)
    {
        if (Volatile.Read(ref this.credentials) is { } cached)
        {
            return cached;
        }

        AWSCredentials found;
        try
        {
            found = await AwsHostSettings.CredentialsAsync(this.options.Profile).ConfigureAwait(false) ?? throw new AwsLambdaRemoteException(
                $"Step '{step.Name}': there is no AWS profile '{this.options.Profile}' (the {LambdaSettingsReader.RemoteType} remote's Profile) in the shared config or credentials file. Create it, or unset Profile to use the default chain.") { Kind = FailureKind.Misconfigured };
        }
        catch (AmazonClientException ex)
        {
            throw new AwsLambdaRemoteException(
                $"Step '{step.Name}': found no AWS credentials to sign the Lambda call ({ex.Message}). " +
                "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run Bazaar with an IAM role.",
                ex)
            {
                Kind = FailureKind.Misconfigured,
            };
        }

        Volatile.Write(ref this.credentials, found);
        return found;
    }
}
