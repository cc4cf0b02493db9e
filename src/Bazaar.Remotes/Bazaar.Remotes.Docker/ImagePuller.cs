using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Bazaar.Remotes.Docker;

/// <summary>Makes sure a step's image is on the engine, as its pull policy says; pull progress goes to the step log.</summary>
/// <param name="connection">The engine.</param>
internal sealed class ImagePuller(DockerConnection connection)
{
    // What registries say, through the engine, about an image that is not there or not theirs to give.
    private static readonly string[] NotThere = ["manifest unknown", "not found", "does not exist", "pull access denied", "unauthorized", "invalid reference format"];

    /// <summary>Ensures the image is present.</summary>
    /// <param name="context">The step.</param>
    /// <param name="image">The image reference.</param>
    /// <param name="policy">The pull policy.</param>
    /// <param name="cancellationToken">Cancels the check or the pull.</param>
    /// <returns>A task that completes when the image is there.</returns>
    /// <exception cref="DockerRemoteException">The image is missing under policy never, or the pull failed.</exception>
    public async Task EnsureAsync(StepContext context, string image, DockerPullPolicy policy, CancellationToken cancellationToken)
    {
        if (policy != DockerPullPolicy.Always && await this.ExistsAsync(image, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (policy == DockerPullPolicy.Never)
        {
            throw new DockerRemoteException(
                $"step '{context.Step.Name}': image '{image}' is not on the Docker engine at {connection.Endpoint}, and its pull policy is never. " +
                $"Build or load it there first (docker build -t {image} …, docker pull {image}), or set pull: if-not-present.")
            {
                Kind = Graphs.FailureKind.Misconfigured,
            };
        }

        await this.PullAsync(context, image, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Splits an image reference into what the create-image call takes.</summary>
    /// <param name="image">The reference: <c>name</c>, <c>name:tag</c> or <c>name@digest</c>.</param>
    /// <returns>The name and the tag; the tag is <see langword="null"/> for a digest reference.</returns>
    public static (string Name, string? Tag) Split(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return (image, null);
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    private async Task<bool> ExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await connection.Client.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    private async Task PullAsync(StepContext context, string image, CancellationToken cancellationToken)
    {
        var (name, tag) = Split(image);
        var progress = new PullProgress(context.Log, image);
        await context.Log.WriteLineAsync($"[docker] pulling {image} ...", cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.Client.Images.CreateImageAsync(
                new ImagesCreateParameters { FromImage = name, Tag = tag }, new AuthConfig(), progress, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            throw this.PullFailed(context, image, Reason(ex), ex);
        }
        finally
        {
            await progress.FlushAsync().ConfigureAwait(false);
        }

        if (progress.Error is { } error)
        {
            throw this.PullFailed(context, image, error, null);
        }

        // Some registries end a failed pull without an error message; the image must exist now.
        if (!await this.ExistsAsync(image, cancellationToken).ConfigureAwait(false))
        {
            throw this.PullFailed(context, image, "the engine reported no error, but the image is not there afterwards", null);
        }

        await context.Log.WriteLineAsync($"[docker] pulled {image}", cancellationToken).ConfigureAwait(false);
    }

    private DockerRemoteException PullFailed(StepContext context, string image, string reason, Exception? inner)
    {
        var message = $"step '{context.Step.Name}': pulling image '{image}' failed on the Docker engine at {connection.Endpoint}: {reason}. " +
            "Check the image name and tag, that the engine can reach its registry (and is logged in to it), or build the image there and set pull: never.";
        // A registry that has no such image (or refuses this engine) answers the same next time: the
        // step's image or the engine's login is wrong. Anything else (a registry or network down) may pass.
        var kind = inner is DockerApiException { StatusCode: System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden }
            || NotThere.Any(words => reason.Contains(words, StringComparison.OrdinalIgnoreCase))
            ? Graphs.FailureKind.Misconfigured
            : Graphs.FailureKind.Infrastructure;
        return inner is null ? new DockerRemoteException(message) { Kind = kind } : new DockerRemoteException(message, inner) { Kind = kind };
    }

    /// <summary>The engine's own message from an error answer (<c>{"message": "…"}</c>), else the body.</summary>
    /// <param name="exception">The error.</param>
    /// <returns>The reason.</returns>
    internal static string Reason(DockerApiException exception)
    {
        try
        {
            using var body = JsonDocument.Parse(exception.ResponseBody ?? string.Empty);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("message", out var message) && message.GetString() is { } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
        }

        return string.IsNullOrWhiteSpace(exception.ResponseBody) ? $"HTTP {(int)exception.StatusCode}" : exception.ResponseBody.Trim();
    }

    /// <summary>
    /// Writes each layer's status changes to the step log (not every progress tick), in the order
    /// the engine sent them; keeps the first error.
    /// </summary>
    private sealed class PullProgress(IStepLog log, string image) : IProgress<JSONMessage>
    {
        private readonly Dictionary<string, string> lastStatus = new(StringComparer.Ordinal);
        private readonly List<Task> writes = [];
        private readonly Lock gate = new();

        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            lock (this.gate)
            {
                var error = value.Error?.Message ?? value.ErrorMessage;
                if (!string.IsNullOrEmpty(error))
                {
                    this.Error ??= error;
                    this.Write($"[docker] pull {image}: error: {error}");
                    return;
                }

                if (string.IsNullOrEmpty(value.Status))
                {
                    return;
                }

                var key = value.ID ?? string.Empty;
                if (this.lastStatus.TryGetValue(key, out var last) && last == value.Status)
                {
                    return;
                }

                this.lastStatus[key] = value.Status;
                this.Write(string.IsNullOrEmpty(value.ID) ? $"[docker] pull {image}: {value.Status}" : $"[docker] pull {image}: {value.ID}: {value.Status}");
            }
        }

        public Task FlushAsync()
        {
            lock (this.gate)
            {
                return Task.WhenAll(this.writes);
            }
        }

        private void Write(string line) => this.writes.Add(log.WriteLineAsync(line, CancellationToken.None).AsTask());
    }
}
