using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.Process.Tests.Security;

/// <summary>
/// Issue 14: a process step runs the graph's command, so it must not inherit the host's own
/// credentials. The attack: a step that dumps its environment into a file it could publish as a
/// product, on a host holding cloud keys and Bazaar's storage connection string.
/// </summary>
public sealed class HostCredentialTests : IDisposable
{
    private static readonly Dictionary<string, string> HostCredentials = new()
    {
        ["AWS_SECRET_ACCESS_KEY"] = "aws-host-key-" + Guid.NewGuid().ToString("N"),
        ["AZURE_CLIENT_SECRET"] = "azure-host-secret-" + Guid.NewGuid().ToString("N"),
        ["BAZAAR_STORAGE"] = "DefaultEndpointsProtocol=https;AccountName=host;AccountKey=" + Guid.NewGuid().ToString("N"),
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true;" + Guid.NewGuid().ToString("N"),
        ["IDENTITY_HEADER"] = "identity-" + Guid.NewGuid().ToString("N"),
        ["GITHUB_TOKEN"] = "ghs_" + Guid.NewGuid().ToString("N"),
    };

    private readonly ProcessStepHarness harness = new();

    public HostCredentialTests()
    {
        foreach (var (name, value) in HostCredentials)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var name in HostCredentials.Keys)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        this.harness.Dispose();
    }

    [Fact]
    public async Task ExecuteAsync_StepDumpsItsEnvironment_NoHostCredentialIsInIt()
    {
        var ct = TestTimeout.Token();

        var result = await this.harness.RunAsync(StepCommand.FromShell("env > out"), ct);

        Assert.Equal(0, result.ExitCode);
        var dumped = await File.ReadAllTextAsync(Path.Combine(this.harness.Directory.Path, "out"), ct);
        foreach (var (name, value) in HostCredentials)
        {
            Assert.DoesNotContain(value, dumped, StringComparison.Ordinal);
            Assert.DoesNotContain(name + "=", dumped, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ExecuteAsync_HostCredentialsWithheld_StepStillGetsItsOwnVariablesAndTheHostsPath()
    {
        var ct = TestTimeout.Token();
        var env = new Dictionary<string, string> { ["BAZAAR_WORKSPACE"] = "/ws", ["AWS_REGION"] = "eu-west-1" };

        var result = await this.harness.RunAsync(StepCommand.FromShell("env > out"), ct, env: env);

        Assert.Equal(0, result.ExitCode);
        var dumped = (await File.ReadAllLinesAsync(Path.Combine(this.harness.Directory.Path, "out"), ct)).ToHashSet();
        Assert.Contains($"BAZAAR_RUN_ID={TestStepContext.RunId}", dumped);
        Assert.Contains("BAZAAR_STEP=x", dumped);
        Assert.Contains("BAZAAR_ATTEMPT=1", dumped);
        Assert.Contains("BAZAAR_WORKSPACE=/ws", dumped);
        Assert.Contains("AWS_REGION=eu-west-1", dumped);
        Assert.Contains(dumped, line => line.StartsWith("PATH=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_SecretTheHostShares_ReachesTheStepEvenWithACredentialLookingName()
    {
        var ct = TestTimeout.Token();

        // The activity puts a shared secret into the step's environment; the deny list is for what
        // the host did not choose to give.
        var env = new Dictionary<string, string> { ["AZURE_CLIENT_SECRET"] = "given-on-purpose" };

        var result = await this.harness.RunAsync(StepCommand.FromShell("env > out"), ct, env: env);

        Assert.Equal(0, result.ExitCode);
        var dumped = await File.ReadAllLinesAsync(Path.Combine(this.harness.Directory.Path, "out"), ct);
        Assert.Contains("AZURE_CLIENT_SECRET=given-on-purpose", dumped);
    }

    [Theory]
    [InlineData("BAZAAR_STORAGE", true)]
    [InlineData("AzureWebJobsStorage", true)]
    [InlineData("AZUREWEBJOBS_FEATURE_FLAGS", true)]
    [InlineData("AWS_SESSION_TOKEN", true)]
    [InlineData("MSI_SECRET", true)]
    [InlineData("ACTIONS_ID_TOKEN_REQUEST_TOKEN", true)]
    [InlineData("WEBSITE_AUTH_ENCRYPTION_KEY", true)]
    [InlineData("APPSETTING_BAZAAR_STORAGE", true)]
    [InlineData("github_token", true)]
    [InlineData("PATH", false)]
    [InlineData("HOME", false)]
    [InlineData("LANG", false)]
    [InlineData("DOTNET_ROOT", false)]
    [InlineData("WEBSITE_SITE_NAME", false)]
    public void Contains_HostVariable_MatchesTheDocumentedList(string name, bool hostOnly)
    {
        Assert.Equal(hostOnly, HostOnlyVariables.Contains(name));
    }
}
