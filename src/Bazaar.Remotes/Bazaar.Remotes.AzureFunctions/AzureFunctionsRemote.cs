using System.Runtime.CompilerServices;
using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Remotes.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.AzureFunctions;

/// <summary>
/// The <c>azure-functions</c> remote: POSTs a step's remote step protocol request to an HTTP-triggered Azure
/// Function with the host's key (<c>x-functions-key</c>). The function answers in one of three ways, tried in
/// this order: 200 with the protocol's response (the attempt ends in the activity); 202 with <c>Location</c>
/// (the Durable Functions async HTTP pattern: the run polls that URL on durable timers, as its
/// <c>Retry-After</c> asks); 202 without <c>Location</c> (the function took the request's call-home callback:
/// the run waits for it at zero compute, as for a container). It checks its own settings for the graph validator too.
/// </summary>
internal sealed partial class AzureFunctionsRemote : IAnsweringCallHomeRemote, IRemoteSettingsValidator, IDisposable
{
    /// <summary>How a job the function takes the callback for is named: it cannot be asked about.</summary>
    internal const string CallbackJobPrefix = "callback:";

    // The handler stops the command at the deadline and still answers: the wait outside a run gives it this long.
    private static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(30);

    private readonly AzureFunctionsRemoteOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider clock;
    private readonly HttpClient http;

    /// <summary>Initializes a new instance of the <see cref="AzureFunctionsRemote"/> class.</summary>
    /// <param name="options">The remote's settings.</param>
    /// <param name="logger">The host's log.</param>
    /// <param name="clock">The clock deadlines and retries run on.</param>
    public AzureFunctionsRemote(IOptions<AzureFunctionsRemoteOptions> options, ILogger<AzureFunctionsRemote> logger, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
        this.clock = clock;

        // Each call has its own deadline (a token), so the client has none; a redirect could carry the key elsewhere.
        this.http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <inheritdoc/>
    public string Type => FunctionSettingsReader.RemoteType;

    /// <summary>Gets the environment the base URL, allowed URLs and key are read from; a test seam.</summary>
    internal Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <inheritdoc/>
    public IEnumerable<RemoteSettingProblem> ValidateSettings(RemoteDefinition remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var problems = new List<RemoteSettingProblem>();
        if (FunctionSettingsReader.Read(remote, problems) is { Url: not null } settings)
        {
            // A URL is checked against the host's list now: a graph must not get the key sent elsewhere. A name
            // waits for the host that runs it (a graph validated on a laptop may run where the base URL is set).
            this.Resolve(settings, problems);
        }

        return problems;
    }

    /// <inheritdoc/>
    public async Task<RemoteResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        var target = this.Resolve(context.Remote, context.Step.Name);
        if (context.Step.Run is null)
        {
            return RemoteResult.Success;
        }

        // Outside a run there is no orchestration to wait on: a status URL is polled here, and a function
        // that wants to call home cannot (the request offers no callback).
        var deadline = RemoteStepProtocol.Deadline(context, this.clock, this.options.MaxStepDuration);
        var request = await RemoteStepProtocol.CreateRequestAsync(context, deadline, cancellationToken).ConfigureAwait(false);
        var waited = deadline - this.clock.GetUtcNow() + AnswerMargin;
        using var timeout = new CancellationTokenSource(waited, this.clock);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        CallHomeSubmission? submission = null;
        RemoteStepResponse response;
        try
        {
            submission = await this.SubmitForAnswerAsync(context, request, stop.Token).ConfigureAwait(false);
            response = submission.Response ?? await this.PollAsync(context.Remote, submission, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || timeout.IsCancellationRequested)
        {
            if (submission is { Response: null })
            {
                await this.CancelAsync(context.Remote, submission.Job, CancellationToken.None).ConfigureAwait(false);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                await context.Log.WriteLineAsync($"[bazaar] step '{context.Step.Name}' was cancelled; Bazaar stopped waiting for {target.Describe()}", CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            var message = $"step '{context.Step.Name}' timed out: {target.Describe()} did not answer within {waited.TotalSeconds:0.#}s " +
                $"(its deadline plus {AnswerMargin.TotalSeconds:0.#}s); raise its timeout: or make it faster";
            await context.Log.WriteLineAsync($"[bazaar] {message}", CancellationToken.None).ConfigureAwait(false);
            return new RemoteResult { ExitCode = ExitCodes.TimedOut, Failure = FailureKind.TimedOut, Message = message };
        }

        return await RemoteStepProtocol.ToResultAsync(context, response, target.Describe(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>The engine submits through <see cref="SubmitForAnswerAsync"/>; a function that answers at once fails this call.</remarks>
    public async Task<string> SubmitAsync(StepContext context, RemoteStepRequest request, CancellationToken cancellationToken)
    {
        var submission = await this.SubmitForAnswerAsync(context, request, cancellationToken).ConfigureAwait(false);
        return submission.Response is null ? submission.Job : throw new AzureFunctionsRemoteException(
            $"Step '{context.Step.Name}': {submission.Job} answered at once; submit with SubmitForAnswerAsync to keep its answer.") { Kind = FailureKind.Misconfigured };
    }

    /// <inheritdoc/>
    public async Task<CallHomeSubmission> SubmitForAnswerAsync(StepContext context, RemoteStepRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var step = context.Step.Name;
        var target = this.Resolve(context.Remote, step);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, RemoteStepProtocol.Json);
        var where = target.Describe();
        this.logger.Calling(step, context.Attempt, where);
        var answer = await this.SendAsync(step, target.Describe(), HttpMethod.Post, target.Url, body, this.options.MaxAttempts, cancellationToken).ConfigureAwait(false);
        switch (answer.Status)
        {
            case 202 when answer.Location is { } location:
                return new CallHomeSubmission(this.StatusUrl(target, location, step).ToString(), NextCheck: this.PollWait(answer.RetryAfter));

            case 202 when request.CallHome is null:
                throw new AzureFunctionsRemoteException(
                    $"Step '{step}': {target.Describe()} accepted the step (202) without a status URL (Location), as a function that calls home does, but this host offered no callback: " +
                    "nothing would report how the step ended. Run the graph on `bazaar serve` or the Function App with BAZAAR_CALLBACK_URL set, or make the function answer 200 or 202 with Location.")
                {
                    Kind = FailureKind.Misconfigured,
                };

            case 202:
                return new CallHomeSubmission(CallbackJobPrefix + SecretUrls.Describe(target.Url));

            case >= 200 and < 300:
                return new CallHomeSubmission(SecretUrls.Describe(target.Url), ParseAnswer(answer.Body, target.Describe()));

            default:
                throw Refused($"Step '{step}': {where}", target.Url, answer);
        }
    }

    /// <inheritdoc/>
    public async Task<CallHomeJobStatus> DescribeAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.StartsWith(CallbackJobPrefix, StringComparison.Ordinal))
        {
            // The function took the callback: it has no status to ask; the attempt's deadline is the backstop.
            return new CallHomeJobStatus(CallHomeJobState.Running);
        }

        var url = this.JobUrl(remote, job);
        try
        {
            var answer = await this.SendAsync(job, $"the status URL {job}", HttpMethod.Get, url, null, 1, cancellationToken).ConfigureAwait(false);
            this.logger.Polled(job, answer.Status);
            return answer.Status == 202
                ? new CallHomeJobStatus(CallHomeJobState.Running, NextCheck: this.PollWait(answer.RetryAfter))
                : new CallHomeJobStatus(CallHomeJobState.Answered); // an error too: reading the answer says which
        }
        catch (AzureFunctionsRemoteException ex) when (ex.Kind == FailureKind.Infrastructure)
        {
            // Throttled, failing or unreachable: ask again later rather than end the attempt.
            return new CallHomeJobStatus(CallHomeJobState.Running, Reason: ex.Message, NextCheck: this.PollWait(null));
        }
    }

    /// <inheritdoc/>
    public async Task<RemoteStepResponse> ReadResponseAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var url = this.JobUrl(remote, job);
        var where = $"The step's status URL {job}";
        var answer = await this.SendAsync(job, where, HttpMethod.Get, url, null, this.options.MaxAttempts, cancellationToken).ConfigureAwait(false);
        return answer.Status switch
        {
            202 => throw new AzureFunctionsRemoteException($"{where} has no answer yet (202); the step was ended early. This is a bug in Bazaar, please report it.") { Kind = FailureKind.Infrastructure },
            >= 200 and < 300 => ParseAnswer(answer.Body, where),
            _ => throw Refused(where, url, answer),
        };
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A status URL is sent <c>DELETE</c> (a handler that supports it stops the step; one that does not answers
    /// 404 or 405, which is fine). A function that took the callback cannot be reached: it runs on until its
    /// deadline, when its SAS URLs stop working.
    /// </remarks>
    public async Task CancelAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.StartsWith(CallbackJobPrefix, StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            using var request = this.CreateRequest(HttpMethod.Delete, this.JobUrl(remote, job), null);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), this.clock);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var response = await this.http.SendAsync(request, stop.Token).ConfigureAwait(false);
            this.logger.Polled(job, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or AzureFunctionsRemoteException)
        {
            this.logger.CancelFailed(job, ex.Message);
        }
    }

    /// <inheritdoc/>
    /// <remarks>A function leaves nothing to delete.</remarks>
    public Task DeleteAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    /// <remarks>A function leaves nothing behind for the janitor.</remarks>
    public async IAsyncEnumerable<CallHomeLeftover> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }

    /// <inheritdoc/>
    public void Dispose() => this.http.Dispose();

    /// <summary>Polls a status URL until it holds the answer (outside a run: no durable timers here).</summary>
    private async Task<RemoteStepResponse> PollAsync(RemoteDefinition remote, CallHomeSubmission submission, CancellationToken cancellationToken)
    {
        if (submission.Job.StartsWith(CallbackJobPrefix, StringComparison.Ordinal))
        {
            throw new AzureFunctionsRemoteException(
                $"{submission.Job[CallbackJobPrefix.Length..]} took the call-home callback, but a step run outside a run has none to offer. Run it in a run (bazaar run, serve or the Function App).")
            {
                Kind = FailureKind.Misconfigured,
            };
        }

        var wait = submission.NextCheck ?? this.PollWait(null);
        while (true)
        {
            await Task.Delay(wait, this.clock, cancellationToken).ConfigureAwait(false);
            var status = await this.DescribeAsync(remote, submission.Job, cancellationToken).ConfigureAwait(false);
            if (status.State == CallHomeJobState.Answered)
            {
                return await this.ReadResponseAsync(remote, submission.Job, cancellationToken).ConfigureAwait(false);
            }

            wait = status.NextCheck ?? this.PollWait(null);
        }
    }

    /// <summary>How long until the next poll: the function's <c>Retry-After</c>, bounded, or the usual interval.</summary>
    private TimeSpan PollWait(TimeSpan? retryAfter) =>
        HttpRetries.Clamp(retryAfter ?? this.options.PollInterval, this.options.MinPollInterval, this.options.MaxPollInterval);
}
