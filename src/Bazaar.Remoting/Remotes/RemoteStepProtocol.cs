using System.Text.Json;
using System.Text.Json.Serialization;
using Bazaar.Graphs;

namespace Bazaar.Remotes;

/// <summary>
/// The shared half of every payload remote (Lambda, HTTP functions, later the call-home remotes): builds
/// the <see cref="RemoteStepRequest"/> from a step context, with SAS URLs minted through the step's
/// workspace, and turns a <see cref="RemoteStepResponse"/> into the step's log and result. A remote
/// adds only its transport.
/// </summary>
public static class RemoteStepProtocol
{
    /// <summary>Gets the JSON settings of the protocol: camelCase names, enums as camelCase strings, nulls left out.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter<ProductKind>(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Gets the step's deadline: the attempt's <see cref="StepContext.Deadline"/> (or, when none was set,
    /// now plus its timeout), or now plus <paramref name="longest"/> when it has none or a later one (a
    /// function platform's own limit).
    /// </summary>
    /// <param name="context">The step.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="longest">The longest a step may run on the remote.</param>
    /// <returns>The deadline.</returns>
    public static DateTimeOffset Deadline(StepContext context, TimeProvider clock, TimeSpan longest)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var latest = now + (longest < TimeSpan.Zero ? TimeSpan.Zero : longest);
        var deadline = context.Deadline ?? (context.Timeout is { } t ? now + (t < TimeSpan.Zero ? TimeSpan.Zero : t) : latest);
        return deadline < latest ? deadline : latest;
    }

    /// <summary>
    /// Builds the request for one attempt, minting its SAS URLs (expiring at <paramref name="deadline"/>)
    /// through <see cref="IStepWorkspace.GetProductUrlsAsync"/>. The request holds secrets: send it, never log it.
    /// </summary>
    /// <param name="context">The step; its <see cref="StepContext.Step"/> must have a <c>run</c>.</param>
    /// <param name="deadline">When the step must have ended.</param>
    /// <param name="cancellationToken">Cancels minting.</param>
    /// <returns>The request.</returns>
    public static async Task<RemoteStepRequest> CreateRequestAsync(StepContext context, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.Step.Run ?? throw new ArgumentException($"Step '{context.Step.Name}' has no run; there is nothing to send.", nameof(context));
        var urls = await context.Workspace.GetProductUrlsAsync(deadline, cancellationToken).ConfigureAwait(false);

        // BAZAAR_WORKSPACE names a folder on this host; the handler sets its own.
        var env = context.Environment.Where(e => e.Key != "BAZAAR_WORKSPACE").ToDictionary(StringComparer.Ordinal);
        return new RemoteStepRequest
        {
            RunId = context.RunId,
            Step = context.Step.Name,
            Attempt = context.Attempt,
            Run = run.Shell is { } shell ? JsonSerializer.SerializeToElement(shell, Json) : JsonSerializer.SerializeToElement(run.Args ?? [], Json),
            Env = env,
            Inputs = urls.Inputs,
            Outputs = urls.Outputs,
            Deadline = deadline,
        };
    }

    /// <summary>Reads a handler's response.</summary>
    /// <param name="body">The response body.</param>
    /// <param name="where">Where it came from, for the message (e.g. <c>Lambda function 'f'</c>).</param>
    /// <returns>The response.</returns>
    /// <exception cref="BazaarException">The body is not a protocol response (<see cref="FailureKind.Misconfigured"/>).</exception>
    public static RemoteStepResponse ParseResponse(ReadOnlySpan<byte> body, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<RemoteStepResponse>(body, Json)
                ?? throw new JsonException("the body is null");
        }
        catch (JsonException ex)
        {
            throw new BazaarException(
                $"{where} answered with something that is not a remote step protocol response ({ex.Message}). " +
                "Make the handler return { \"exitCode\": n, \"message\": …, \"logTail\": … } as the README's remote step protocol describes.",
                ex)
            {
                // What answered is not a Bazaar handler (the wrong function, or one deployed wrong): it answers the same next time.
                Kind = FailureKind.Misconfigured,
            };
        }
    }

    /// <summary>Writes the response's log tail to the step log and says how the step ended.</summary>
    /// <param name="context">The step.</param>
    /// <param name="response">The handler's response.</param>
    /// <param name="where">Where the step ran, for messages (e.g. <c>Lambda function 'f'</c>).</param>
    /// <param name="cancellationToken">Cancels writing the log.</param>
    /// <returns>The step's result.</returns>
    public static async Task<RemoteResult> ToResultAsync(StepContext context, RemoteStepResponse response, string where, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        foreach (var line in Lines(response.LogTail))
        {
            await context.Log.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
        }

        var name = context.Step.Name;
        if (response.TimedOut)
        {
            var message = $"step '{name}' timed out after {(context.Timeout is { } t ? Graphs.GraphDuration.Format(t) : "its deadline")} on {where} and was stopped; raise its timeout: or make it faster";
            await context.Log.WriteLineAsync($"[bazaar] {message}", CancellationToken.None).ConfigureAwait(false);
            return new RemoteResult { ExitCode = response.ExitCode == 0 ? 124 : response.ExitCode, Failure = FailureKind.TimedOut, Message = message };
        }

        if (response.ExitCode == 0)
        {
            return RemoteResult.Success;
        }

        var text = $"step '{name}' exited with code {response.ExitCode} on {where}";
        if (!string.IsNullOrWhiteSpace(response.Message))
        {
            text += $": {response.Message}";
        }

        var tail = context.Log.Tail();
        if (tail.Count > 0)
        {
            text += "; the last lines of its log:\n" + string.Join('\n', tail.Select(line => "  " + line));
        }

        return new RemoteResult { ExitCode = response.ExitCode, Message = text };
    }

    private static IEnumerable<string> Lines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var lines = text.Split('\n');
        var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        for (var i = 0; i < count; i++)
        {
            yield return lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
        }
    }
}
