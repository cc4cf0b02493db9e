using Bazaar.Testing;

namespace Bazaar.Cli.Tests;

/// <summary>
/// `bazaar validate` asks every remote it carries to check its own settings (issue 15): a bad one exits 2
/// with a message naming the step, the setting, its line and what to write. It needs no storage.
/// </summary>
public sealed class ValidateRemoteSettingsTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Theory]
    [InlineData("{ type: aws-lambda, function: \"not a name\" }", "step 'work': aws-lambda setting 'function' is 'not a name', which is not a Lambda function; write a name")]
    [InlineData("{ type: aws-lambda, function: f, region: Mars }", "step 'work': aws-lambda setting 'region' is 'Mars', which is not an AWS region; write one such as us-east-1")]
    [InlineData("{ type: aws-lambda, function: f, qualifier: \"a b\" }", "step 'work': aws-lambda setting 'qualifier' is 'a b', which is not a Lambda version or alias; write")]
    [InlineData("{ type: aws-lambda, function: f, endpoint: \"http://elsewhere\" }", "step 'work': aws-lambda setting 'endpoint' is not known")]
    [InlineData("{ type: azure-container-instances, subscription: mine }", "step 'work': azure-container-instances setting 'subscription' is 'mine', which is not a subscription id")]
    [InlineData("{ type: azure-container-instances, cpu: 64 }", "step 'work': azure-container-instances setting 'cpu' is 64; write 0.1 to 4 cores")]
    [InlineData("{ type: azure-container-instances, registry: { server: r.azurecr.io, username: u, password: hunter2 } }", "azure-container-instances setting 'registry.password' is not known (a password never goes in a graph")]
    [InlineData("{ type: aws-ecs, launchType: fargate }", "step 'work': aws-ecs setting 'launchType' is 'fargate'; write FARGATE, EC2, EXTERNAL or MANAGED_INSTANCES (in capitals)")]
    [InlineData("{ type: aws-ecs, region: eu-west-1 }", "step 'work': aws-ecs setting 'region' is not known (region is the host's business")]
    [InlineData("{ type: aws-batch, startTimeout: soon }", "step 'work': aws-batch setting 'startTimeout' is 'soon'; write a duration from 1s to 7d")]
    [InlineData("{ type: docker, image: busybox, memory: lots }", "step 'work': docker setting 'memory' is 'lots'; write a size")]
    [InlineData("{ type: process, image: busybox }", "step 'work': process setting 'image' is not known; the process remote takes no settings")]
    public async Task Validate_BadRemoteSetting_ExitsTwoNamingStepSettingLineAndWhatToDo(string remote, string message)
    {
        var file = this.temp.Write("bad.yaml", $"""
            name: bad
            steps:
              work:
                run: echo hi
                remote: {remote}
            """);

        var outcome = await CliRunner.RunAsync(new Dictionary<string, string>(), this.temp.Path, "validate", file);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains($"bad.yaml:5", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, outcome.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => this.temp.Dispose();
}
