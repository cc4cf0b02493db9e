namespace Bazaar.Remotes.Docker.Tests;

public sealed class DockerEndpointTests
{
    [Fact]
    public void Resolve_NothingSet_UsesTheLocalSocket()
    {
        var endpoint = DockerEndpoint.Resolve(new DockerRemoteOptions(), _ => null);

        Assert.Equal("unix:///var/run/docker.sock", endpoint.Address);
        Assert.False(endpoint.UsesTls);
        Assert.Contains("DOCKER_HOST=unix:///var/run/docker.sock", endpoint.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_DockerHostVariable_IsUsedAndNamed()
    {
        var endpoint = DockerEndpoint.Resolve(new DockerRemoteOptions(), v => v == "DOCKER_HOST" ? "tcp://10.0.0.5:2375" : null);

        Assert.Equal("tcp://10.0.0.5:2375", endpoint.Address);
        Assert.Contains("DOCKER_HOST environment variable", endpoint.Source, StringComparison.Ordinal);
        Assert.False(endpoint.UsesTls);
    }

    [Fact]
    public void Resolve_OptionsHost_WinsOverVariable()
    {
        var endpoint = DockerEndpoint.Resolve(new DockerRemoteOptions { Host = "unix:///run/other.sock" }, _ => "tcp://ignored:1");

        Assert.Equal("unix:///run/other.sock", endpoint.Address);
    }

    [Fact]
    public void Resolve_TlsVerifyWithoutCertPath_UsesDotDockerInHome()
    {
        var variables = new Dictionary<string, string> { ["DOCKER_HOST"] = "tcp://h:2376", ["DOCKER_TLS_VERIFY"] = "1", ["HOME"] = "/home/me" };

        var endpoint = DockerEndpoint.Resolve(new DockerRemoteOptions(), v => variables.GetValueOrDefault(v));

        Assert.True(endpoint.UsesTls);
        Assert.True(endpoint.Verify);
        Assert.Equal("/home/me/.docker", endpoint.CertificatePath);
    }

    [Fact]
    public void Resolve_TlsSettingsOnUnixSocket_AreIgnored()
    {
        var endpoint = DockerEndpoint.Resolve(new DockerRemoteOptions { TlsVerify = true, TlsCertificatePath = "/certs" }, _ => null);

        Assert.False(endpoint.UsesTls);
    }

    [Fact]
    public void ToUri_SshAddress_ThrowsSayingWhatToWrite()
    {
        var endpoint = DockerEndpoint.Resolve(new DockerRemoteOptions { Host = "ssh://me@box" }, _ => null);

        var error = Assert.Throws<DockerRemoteException>(endpoint.ToUri);

        Assert.Contains("ssh://me@box", error.Message, StringComparison.Ordinal);
        Assert.Contains("unix://", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateClient_TlsFolderWithoutCertificates_FailsNamingTheFolder()
    {
        var options = new DockerRemoteOptions { Host = "tcp://127.0.0.1:9", TlsVerify = true, TlsCertificatePath = "/nonexistent/certs" };
        using var connection = new DockerConnection(Microsoft.Extensions.Options.Options.Create(options));

        var error = Assert.Throws<DockerRemoteException>(() => connection.Client);

        Assert.Contains("/nonexistent/certs", error.Message, StringComparison.Ordinal);
        Assert.Contains("cert.pem", error.Message, StringComparison.Ordinal);
    }
}
