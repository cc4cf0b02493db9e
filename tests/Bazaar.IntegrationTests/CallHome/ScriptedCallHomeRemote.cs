using System.Collections.Concurrent;
using Bazaar.Behaviors;
using Bazaar.CallHome;
using Bazaar.Graphs;
using Bazaar.Remotes;
using Microsoft.DurableTask.Client;

namespace Bazaar.IntegrationTests.CallHome;

/// <summary>
/// A call-home remote whose jobs are scripted by the step's <c>script</c> setting, so the orchestration's
/// wait can be driven through every ending on the real engine: <c>succeed</c> uploads each output through
/// its SAS URL and calls home; <c>fail</c> calls home with exit code 3; <c>silent</c> runs and never
/// calls; <c>die</c> ends with exit code 137 without calling. The call is raised on the waiting instance,
/// as the callback route does once it has checked the token and stored the log tail; this fake's token is the instance id.
/// </summary>
internal sealed class ScriptedCallHomeRemote : ICallHomeRemote, ICallHomeEndpoints
{
    public const string TypeName = "scripted-call-home";

    private readonly ConcurrentDictionary<string, CallHomeJobStatus> jobs = new();
    private int describes;

    public string Type => TypeName;

    /// <summary>Gets or sets the client the calls are raised through, once the host runs.</summary>
    public DurableTaskClient? Client { get; set; }

    /// <summary>Gets every call made to the service, in order: <c>submit job</c>, <c>cancel job</c>, <c>delete job</c>.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Gets the requests jobs were submitted with, by job.</summary>
    public ConcurrentDictionary<string, RemoteStepRequest> Requests { get; } = new();

    public bool TakesCalls => true;

    public RemoteStepCallHome Create(string instanceId, string runId, string step, int attempt, DateTimeOffset deadline) =>
        new(new CallHomeEndpoint(new Uri("http://127.0.0.1:9/api/callbacks/started"), instanceId),
            new CallHomeEndpoint(new Uri("http://127.0.0.1:9/api/callbacks/done"), instanceId));

    public Task<RemoteResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("a call-home remote is submitted, never executed in the activity");

    public Task<string> SubmitAsync(StepContext context, RemoteStepRequest request, CancellationToken cancellationToken)
    {
        var job = $"{request.RunId}-{request.Step}-{request.Attempt}";
        this.Calls.Enqueue($"submit {job}");
        this.Requests[job] = request;
        this.jobs[job] = new CallHomeJobStatus(CallHomeJobState.Running);
        var script = context.Step.Remote.Settings.TryGetValue("script", out var s) ? s.GetString() : "succeed";
        _ = Task.Run(() => this.RunJobAsync(job, script!, request), CancellationToken.None);
        return Task.FromResult(job);
    }

    /// <summary>Gets how many times the engine asked how a job is.</summary>
    public int Describes => this.describes;

    public Task<CallHomeJobStatus> DescribeAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref this.describes);
        return Task.FromResult(this.jobs.TryGetValue(job, out var status) ? status : new CallHomeJobStatus(CallHomeJobState.Gone));
    }

    public Task CancelAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken)
    {
        this.Calls.Enqueue($"cancel {job}");
        this.jobs[job] = new CallHomeJobStatus(CallHomeJobState.Ended, 143, "cancelled");
        return Task.CompletedTask;
    }

    public Task DeleteAsync(RemoteDefinition remote, string job, CancellationToken cancellationToken)
    {
        this.Calls.Enqueue($"delete {job}");
        this.jobs.TryRemove(job, out _);
        return Task.CompletedTask;
    }

    /// <summary>Puts a job on the service as a host that died would have left it.</summary>
    public string Leave(string runId, string step, int attempt, CallHomeJobState state)
    {
        var job = $"{runId}-{step}-{attempt}";
        this.Requests[job] = new RemoteStepRequest
        {
            RunId = runId,
            Step = step,
            Attempt = attempt,
            Run = System.Text.Json.JsonSerializer.SerializeToElement("left"),
            Env = new Dictionary<string, string>(),
            Deadline = DateTimeOffset.UtcNow.AddHours(1),
            Inputs = new Dictionary<string, RemoteStepInput>(),
            Outputs = new Dictionary<string, RemoteStepOutput>(),
        };
        this.jobs[job] = new CallHomeJobStatus(state);
        return job;
    }

    public async IAsyncEnumerable<CallHomeLeftover> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var (job, request) in this.Requests)
        {
            if (this.jobs.TryGetValue(job, out var status))
            {
                yield return new CallHomeLeftover(new RemoteDefinition { Type = TypeName }, job, request.RunId, request.Step, request.Attempt, status.State);
            }
        }
    }

    private async Task RunJobAsync(string job, string script, RemoteStepRequest request)
    {
        var instance = request.CallHome!.Done.Token;
        await this.Client!.RaiseEventAsync(instance, CallHomeEvents.Name(request.Step, request.Attempt, CallHomeEvents.Started), new CallHomeStarted(DateTimeOffset.UtcNow));
        switch (script)
        {
            case "succeed":
                using (var http = new HttpClient())
                {
                    foreach (var (name, output) in request.Outputs)
                    {
                        using var put = new HttpRequestMessage(HttpMethod.Put, output.Url) { Content = new StringContent($"{name} from {job}\n") };
                        put.Headers.Add("x-ms-blob-type", "BlockBlob");
                        (await http.SendAsync(put)).EnsureSuccessStatusCode();
                    }
                }

                await this.Client.RaiseEventAsync(instance, CallHomeEvents.Name(request.Step, request.Attempt, CallHomeEvents.Done), new CallHomeDone(new RemoteStepResponse { ExitCode = 0, Message = "made it" }, null));
                this.jobs[job] = new CallHomeJobStatus(CallHomeJobState.Ended, 0);
                break;
            case "fail":
                await this.Client.RaiseEventAsync(instance, CallHomeEvents.Name(request.Step, request.Attempt, CallHomeEvents.Done), new CallHomeDone(new RemoteStepResponse { ExitCode = 3, Message = "broke" }, null));
                this.jobs[job] = new CallHomeJobStatus(CallHomeJobState.Ended, 3);
                break;
            case "die":
                this.jobs[job] = new CallHomeJobStatus(CallHomeJobState.Ended, 137, "OOMKilled");
                break;
        }
    }
}
