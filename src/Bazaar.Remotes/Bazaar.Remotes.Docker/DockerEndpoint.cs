namespace Bazaar.Remotes.Docker;

/// <summary>
/// Where the Docker engine is and how to speak to it, resolved as the docker CLI does: the options,
/// else <c>DOCKER_HOST</c>, <c>DOCKER_TLS_VERIFY</c> and <c>DOCKER_CERT_PATH</c>, else the local unix socket.
/// </summary>
/// <param name="Address">The engine's address, e.g. <c>unix:///var/run/docker.sock</c>.</param>
/// <param name="Source">Where the address came from, for messages.</param>
/// <param name="CertificatePath">The folder of <c>ca.pem</c>, <c>cert.pem</c>, <c>key.pem</c> when TLS is on.</param>
/// <param name="Verify">Whether the engine's certificate is checked against <c>ca.pem</c>.</param>
internal sealed record DockerEndpoint(string Address, string Source, string? CertificatePath, bool Verify)
{
    /// <summary>The address when nothing says otherwise.</summary>
    public const string DefaultAddress = "unix:///var/run/docker.sock";

    /// <summary>Gets a value indicating whether the connection uses TLS.</summary>
    public bool UsesTls => this.CertificatePath is not null;

    /// <summary>Resolves the endpoint.</summary>
    /// <param name="options">The remote's options.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <returns>The endpoint.</returns>
    public static DockerEndpoint Resolve(DockerRemoteOptions options, Func<string, string?> environment)
    {
        var (address, source) = !string.IsNullOrWhiteSpace(options.Host) ? (options.Host.Trim(), "DockerRemoteOptions.Host")
            : environment("DOCKER_HOST") is { Length: > 0 } fromEnvironment ? (fromEnvironment.Trim(), "the DOCKER_HOST environment variable")
            : (DefaultAddress, "the default; DOCKER_HOST is not set");
        var verifyVariable = environment("DOCKER_TLS_VERIFY");
        var verify = options.TlsVerify ?? (!string.IsNullOrEmpty(verifyVariable) && verifyVariable != "0");
        var certificates = options.TlsCertificatePath ?? NullIfEmpty(environment("DOCKER_CERT_PATH"));
        if (verify && certificates is null)
        {
            var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            certificates = Path.Combine(home, ".docker");
        }

        var tcp = address.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        return new DockerEndpoint(address, source, tcp ? certificates : null, tcp && verify);
    }

    /// <summary>Gets the engine's address as a URI Docker.DotNet takes.</summary>
    /// <returns>The URI.</returns>
    /// <exception cref="DockerRemoteException">The address is not one Bazaar can use.</exception>
    public Uri ToUri()
    {
        if (Uri.TryCreate(this.Address, UriKind.Absolute, out var uri) && uri.Scheme.ToUpperInvariant() is "UNIX" or "TCP" or "HTTP" or "HTTPS" or "NPIPE")
        {
            return uri;
        }

        throw new DockerRemoteException(
            $"The Docker engine address '{this.Address}' (from {this.Source}) is not one Bazaar can use; " +
            "write unix:///path/to/docker.sock or tcp://host:port (ssh:// is not supported; forward the socket instead).")
        {
            Kind = Graphs.FailureKind.Misconfigured,
        };
    }

    /// <inheritdoc/>
    public override string ToString() => $"DOCKER_HOST={this.Address} ({this.Source}{(this.UsesTls ? $"; TLS with certificates from {this.CertificatePath}" : string.Empty)})";

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
