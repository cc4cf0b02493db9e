using System.Net.Http;
using System.Net.Sockets;
using Docker.DotNet;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.Docker;

/// <summary>
/// The one Docker.DotNet client of a host, created on first use (so registering the remote, or
/// validating a graph, never touches the engine), and the errors of reaching it put into words.
/// </summary>
internal sealed class DockerConnection : IDisposable
{
    private readonly DockerRemoteOptions options;
    private readonly Lazy<DockerClient> client;

    /// <summary>Initializes a new instance of the <see cref="DockerConnection"/> class.</summary>
    /// <param name="options">The remote's options.</param>
    public DockerConnection(IOptions<DockerRemoteOptions> options)
    {
        this.options = options.Value;
        this.Endpoint = DockerEndpoint.Resolve(this.options, Environment.GetEnvironmentVariable);
        this.client = new(this.CreateClient, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Gets where the engine is.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>Gets the client.</summary>
    public IDockerClient Client => this.client.Value;

    /// <summary>Checks that the engine answers, within the connect timeout.</summary>
    /// <param name="what">What needed the engine, for the message: <c>step 'x'</c>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the engine answered.</returns>
    /// <exception cref="DockerRemoteException">The engine did not answer.</exception>
    public async Task PingAsync(string what, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(this.options.ConnectTimeout);
        try
        {
            await this.Client.System.PingAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw this.Unreachable(what, $"no answer within {ExitCodes.Describe(this.options.ConnectTimeout)}", null);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            throw this.Unreachable(what, Innermost(ex).Message, ex);
        }
    }

    /// <summary>Tells whether an exception means the engine could not be reached, as opposed to an answer.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="true"/> for socket, HTTP transport and I/O errors.</returns>
    public static bool IsConnectionError(Exception exception) =>
        exception is HttpRequestException or SocketException or IOException or TimeoutException
        || (exception is AggregateException or InvalidOperationException && exception.InnerException is { } inner && IsConnectionError(inner));

    /// <summary>Makes the error for an engine that cannot be reached.</summary>
    /// <param name="what">What needed the engine.</param>
    /// <param name="reason">Why, in a few words.</param>
    /// <param name="inner">The cause.</param>
    /// <returns>The exception.</returns>
    public DockerRemoteException Unreachable(string what, string reason, Exception? inner)
    {
        var message = $"{what}: the Docker engine is unreachable at {this.Endpoint} ({reason}). " +
            "Start the engine (dockerd, or Docker Desktop), or point DOCKER_HOST at one that runs; `docker info` with the same DOCKER_HOST shows whether it answers.";
        return inner is null
            ? new DockerRemoteException(message) { Kind = Graphs.FailureKind.Infrastructure }
            : new DockerRemoteException(message, inner) { Kind = Graphs.FailureKind.Infrastructure };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (this.client.IsValueCreated)
        {
            var created = this.client.Value;
            created.Configuration.Dispose();
            created.Dispose();
        }
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }

    private DockerClient CreateClient()
    {
        var uri = this.Endpoint.ToUri();
        Credentials? credentials = null;
        if (this.Endpoint.CertificatePath is { } folder)
        {
            try
            {
                credentials = new DockerTlsCredentials(folder, this.Endpoint.Verify);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new DockerRemoteException(
                    $"The TLS certificates for the Docker engine at {this.Endpoint} could not be read ({ex.Message}); " +
                    "the folder must hold cert.pem, key.pem and ca.pem, as for the docker CLI (DOCKER_CERT_PATH).",
                    ex)
                {
                    Kind = Graphs.FailureKind.Misconfigured,
                };
            }
        }

#pragma warning disable CA2000 // The configuration is owned by the client and disposed with it in Dispose.
        var configuration = new DockerClientConfiguration(uri, credentials, Timeout.InfiniteTimeSpan);
#pragma warning restore CA2000
        return configuration.CreateClient();
    }
}
