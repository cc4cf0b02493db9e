using System.Text;
using System.Text.Json;
using Bazaar.Agent.Running;
using Bazaar.Agent.Transfer;
using Bazaar.Remotes;

namespace Bazaar.Agent;

/// <summary>
/// One attempt, start to end: read the request, call home "started", fetch the inputs, run the command
/// until its deadline, upload the outputs after a zero exit, and call home "done" with the response (or,
/// without <c>callHome</c>, print it as stdout's last line). Whatever fails on the way still ends in a
/// response with a plain message; nothing the agent prints holds a SAS signature or a call-home token.
/// </summary>
internal static class StepAgent
{
    // Time kept back from the deadline to upload outputs and call home, at most this much.
    private static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(1);

    // How long past the deadline calling home "done" is still tried (the host's own timer waits past it too).
    private static readonly TimeSpan CallHomeGrace = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (AgentOptions.Parse(args, out var usage) is not { } options)
        {
            await stderr.WriteLineAsync(usage).ConfigureAwait(false);
            return 2;
        }

        string json;
        try
        {
            json = options.RequestFile is { } file ? await File.ReadAllTextAsync(file).ConfigureAwait(false)
                : Environment.GetEnvironmentVariable(AgentOptions.RequestVariable)
                ?? throw new AgentFailure($"no request: give --request FILE or set {AgentOptions.RequestVariable}.\n{AgentOptions.Usage}");
        }
        catch (IOException ex)
        {
            await stderr.WriteLineAsync($"bazaar-agent: cannot read the request from '{options.RequestFile}': {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (AgentFailure ex)
        {
            await stderr.WriteLineAsync($"bazaar-agent: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        RemoteStepRequest? request = null;
        string? parseError = null;
        try
        {
            request = JsonSerializer.Deserialize(json, AgentJson.Default.RemoteStepRequest);
        }
        catch (JsonException ex)
        {
            // The message names the path and position, never the value: the request holds URLs with signatures.
            parseError = $"the request is not a remote step protocol request ({ex.Message})";
        }

        json = string.Empty;
        if (request is null)
        {
            var failed = new RemoteStepResponse { ExitCode = AgentFailure.ExitCode, Message = parseError ?? "the request is null" };
            await stderr.WriteLineAsync($"[bazaar-agent] {failed.Message}").ConfigureAwait(false);
            await WriteResponseAsync(failed, options, callHome: false, stdout).ConfigureAwait(false);
            return failed.ExitCode;
        }

        using var signals = new AgentSignals();
        var response = await ServeAsync(request, options, signals, stdout, stderr).ConfigureAwait(false);
        await WriteResponseAsync(response, options, request.CallHome is not null, stdout).ConfigureAwait(false);
        return response.ExitCode;
    }

    /// <summary>
    /// Runs one attempt of a parsed request and, when it carries <c>callHome</c>, calls home "started" and
    /// "done": the agent's whole job but reading the request and printing the response, so a host of its own
    /// (examples/azure-functions, a function app) runs attempts the same way.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="options">The agent's options (the grace between SIGTERM and SIGKILL).</param>
    /// <param name="signals">Asks the attempt to stop.</param>
    /// <param name="stdout">Receives the step's output as it runs.</param>
    /// <param name="stderr">Receives the agent's own messages, redacted.</param>
    /// <returns>The response, as reported home.</returns>
    internal static async Task<RemoteStepResponse> ServeAsync(RemoteStepRequest request, AgentOptions options, AgentSignals signals, TextWriter stdout, TextWriter stderr)
    {
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) }) { Timeout = Timeout.InfiniteTimeSpan };
        var redactor = new SecretRedactor(request.CallHome is { } home ? [home.Started.Token, home.Done.Token] : []);
        var errors = new RedactingWriter(stderr, redactor);
        var callHome = new CallHomeClient(http, errors);
        var giveUpAt = Later(request.Deadline, DateTimeOffset.UtcNow) + CallHomeGrace;

        if (request.CallHome is { } started)
        {
            // A signal while home is unreachable ends the tries: the attempt then ends at once, and "done" says so.
            await callHome.PostAsync("started", started.Started, "{}"u8.ToArray(), giveUpAt, signals.Stopping).ConfigureAwait(false);
        }

        var response = await AttemptAsync(request, options, http, redactor, signals, stdout, errors).ConfigureAwait(false);
        if (response.Message is { } message)
        {
            await errors.WriteLineAsync($"[bazaar-agent] {message}").ConfigureAwait(false);
        }

        if (request.CallHome is { } done)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(response, AgentJson.Default.RemoteStepResponse);
            await callHome.PostAsync("done", done.Done, body, giveUpAt, CancellationToken.None).ConfigureAwait(false);
        }

        return response;
    }

    private static async Task<RemoteStepResponse> AttemptAsync(
        RemoteStepRequest request, AgentOptions options, HttpClient http, SecretRedactor redactor, AgentSignals signals, TextWriter stdout, TextWriter errors)
    {
        var tail = new ConsoleTailLog(stdout);
        var root = Directory.CreateTempSubdirectory("bazaar-agent-").FullName;
        var work = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
        var scratch = Directory.CreateDirectory(Path.Combine(root, "scratch")).FullName;
        var now = DateTimeOffset.UtcNow;
        var margin = (request.Deadline - now) / 10;
        var stopAt = request.Deadline - (margin < AnswerMargin ? (margin > TimeSpan.Zero ? margin : TimeSpan.Zero) : AnswerMargin);
        try
        {
            if (request.Version != RemoteStepRequest.CurrentVersion)
            {
                throw new AgentFailure(
                    $"the request is version {request.Version} of the remote step protocol; this agent speaks version {RemoteStepRequest.CurrentVersion}. " +
                    "Use the agent image that comes with the Bazaar host.");
            }

            var argv = Command(request.Run);
            using (var fetching = CancellationTokenSource.CreateLinkedTokenSource(signals.Stopping))
            {
                fetching.CancelAfter(Positive(stopAt - DateTimeOffset.UtcNow));
                try
                {
                    var fetcher = new InputFetcher(http, work, scratch);
                    await Task.WhenAll((request.Inputs ?? new Dictionary<string, RemoteStepInput>())
                        .Select(input => fetcher.FetchAsync(input.Key, input.Value, fetching.Token))).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (fetching.IsCancellationRequested)
                {
                    return signals.Received != 0
                        ? new RemoteStepResponse { ExitCode = 128 + signals.Received, Message = "the agent was asked to stop (a signal) while it fetched the inputs; the command did not run" }
                        : new RemoteStepResponse { ExitCode = ExitCodes.TimedOut, TimedOut = true, Message = "the step's deadline passed while the agent fetched its inputs; the command did not run" };
                }
            }

            if (argv is null)
            {
                return new RemoteStepResponse { ExitCode = 0 }; // a step without `run` only makes its products exist
            }

            StepRun.Outcome outcome;
            var log = new RedactingStepLog(tail, redactor);
            await using (log.ConfigureAwait(false))
            {
                outcome = await new StepRun(log, errors, reapOrphans: !options.InHost).RunAsync(argv, StepEnvironment(request, work, options.InHost), work, stopAt, options.Grace, signals).ConfigureAwait(false);
            }

            if (outcome.ExitCode == 0 && !outcome.TimedOut)
            {
                var uploader = new OutputUploader(http, work, scratch);
                using var uploading = new CancellationTokenSource(Positive(request.Deadline - DateTimeOffset.UtcNow));
                foreach (var (name, output) in request.Outputs ?? new Dictionary<string, RemoteStepOutput>())
                {
                    if (!await uploader.UploadAsync(name, output, uploading.Token).ConfigureAwait(false))
                    {
                        await errors.WriteLineAsync($"[bazaar-agent] output '{name}' is not at '{output.Path}'; not uploaded").ConfigureAwait(false);
                    }
                }
            }

            return new RemoteStepResponse { ExitCode = outcome.ExitCode, TimedOut = outcome.TimedOut, Message = outcome.Message, LogTail = tail.Text() };
        }
        catch (AgentFailure ex)
        {
            return new RemoteStepResponse { ExitCode = AgentFailure.ExitCode, Message = redactor.Redact(ex.Message), LogTail = NullIfEmpty(tail.Text()) };
        }
        catch (OperationCanceledException)
        {
            return new RemoteStepResponse { ExitCode = AgentFailure.ExitCode, Message = "the outputs could not be uploaded before the step's deadline", LogTail = NullIfEmpty(tail.Text()) };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException)
        {
            return new RemoteStepResponse { ExitCode = AgentFailure.ExitCode, Message = redactor.Redact($"the agent failed: {ex.Message}"), LogTail = NullIfEmpty(tail.Text()) };
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await errors.WriteLineAsync($"[bazaar-agent] could not remove the working folder {root}: {ex.Message}").ConfigureAwait(false);
            }
        }
    }

    /// <summary>The command: a string through <c>/bin/sh -c</c>, an array of strings as argv; null for none.</summary>
    private static List<string>? Command(JsonElement run)
    {
        switch (run.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                return ["/bin/sh", "-c", run.GetString()!];
            case JsonValueKind.Array when run.GetArrayLength() > 0 && run.EnumerateArray().All(a => a.ValueKind == JsonValueKind.String):
                return [.. run.EnumerateArray().Select(a => a.GetString()!)];
            default:
                throw new AgentFailure("run must be a string (run through /bin/sh -c) or a non-empty array of strings (argv); the request was not made by Bazaar.");
        }
    }

    /// <summary>
    /// The agent's own environment without the request (and, in a host of its own, without the host's credentials:
    /// <see cref="HostOnlyVariables"/>), then the request's, then <c>BAZAAR_WORKSPACE</c>.
    /// </summary>
    private static Dictionary<string, string> StepEnvironment(RemoteStepRequest request, string work, bool withholdHostVariables)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (!withholdHostVariables || !HostOnlyVariables.Contains((string)entry.Key))
            {
                env[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
            }
        }

        // The request holds every URL's signature and the call-home tokens: the step gets neither.
        env.Remove(AgentOptions.RequestVariable);
        foreach (var (name, value) in request.Env ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }

        env["BAZAAR_WORKSPACE"] = work;
        return env;
    }

    private static async Task WriteResponseAsync(RemoteStepResponse response, AgentOptions options, bool callHome, TextWriter stdout)
    {
        var json = JsonSerializer.Serialize(response, AgentJson.Default.RemoteStepResponse);
        if (options.ResponseFile is { } file)
        {
            await File.WriteAllTextAsync(file, json + "\n").ConfigureAwait(false);
        }
        else if (!callHome)
        {
            await stdout.WriteLineAsync(json).ConfigureAwait(false);
        }

        await stdout.FlushAsync().ConfigureAwait(false);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>A delay a timer takes: not negative, and at most 40 days (timers stop at 49).</summary>
    internal static TimeSpan Positive(TimeSpan span) => span <= TimeSpan.Zero ? TimeSpan.Zero : span > TimeSpan.FromDays(40) ? TimeSpan.FromDays(40) : span;

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    /// <summary>The agent's stderr, with tokens and SAS signatures redacted from every line it writes.</summary>
    private sealed class RedactingWriter(TextWriter inner, SecretRedactor redactor) : TextWriter
    {
        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value) => inner.Write(value);

        public override void Write(string? value) => inner.Write(redactor.Redact(value));

        public override void WriteLine(string? value) => inner.WriteLine(redactor.Redact(value));

        public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(redactor.Redact(value));
    }
}
