using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet;
using Microsoft.Net.Http.Client;

namespace Bazaar.Remotes.Docker;

/// <summary>
/// TLS to a <c>tcp://</c> engine with the docker CLI's files: the client certificate
/// <c>cert.pem</c> + <c>key.pem</c>, and, when verifying, the engine's certificate checked against
/// <c>ca.pem</c> alone (not the machine's trust store), as <c>DOCKER_TLS_VERIFY</c> does.
/// </summary>
internal sealed class DockerTlsCredentials : Credentials
{
    private readonly X509Certificate2 client;
    private readonly X509Certificate2? authority;
    private readonly bool verify;

    /// <summary>Initializes a new instance of the <see cref="DockerTlsCredentials"/> class.</summary>
    /// <param name="folder">The folder holding <c>cert.pem</c>, <c>key.pem</c> and <c>ca.pem</c>.</param>
    /// <param name="verify">Whether to check the engine's certificate.</param>
    public DockerTlsCredentials(string folder, bool verify)
    {
        this.verify = verify;
        this.client = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "cert.pem"), Path.Combine(folder, "key.pem"));
        var ca = Path.Combine(folder, "ca.pem");
        this.authority = verify ? X509CertificateLoader.LoadCertificateFromFile(ca) : null;
    }

    /// <inheritdoc/>
    public override bool IsTlsCredentials() => true;

    /// <inheritdoc/>
    public override HttpMessageHandler GetHandler(HttpMessageHandler innerHandler)
    {
        var handler = (ManagedHandler)innerHandler;
        handler.ClientCertificates = [this.client];
        handler.ServerCertificateValidationCallback = this.Validate;
        return handler;
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        this.client.Dispose();
        this.authority?.Dispose();
        base.Dispose();
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (!this.verify)
        {
            return true; // DOCKER_CERT_PATH without DOCKER_TLS_VERIFY: encrypt, as the docker CLI does, without checking.
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(this.authority!);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
