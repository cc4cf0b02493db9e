using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AwsLambda.Tests;

public sealed class LambdaSettingsTests
{
    [Fact]
    public void Read_SpecWithEverySetting_ReadsThemBack()
    {
        var settings = LambdaSettings.Read(Step(new AwsLambdaRemoteSpec("my-fn") { Region = "eu-west-1", Qualifier = "live" }.ToDefinition()));

        Assert.Equal(new LambdaSettings("my-fn", "eu-west-1", "live"), settings);
    }

    [Fact]
    public void Read_Arn_TakesTheRegionFromIt()
    {
        var settings = LambdaSettings.Read(Step(new AwsLambdaRemoteSpec("arn:aws:lambda:ap-south-1:123456789012:function:f").ToDefinition()));

        Assert.Equal("ap-south-1", settings.Region);
    }

    [Theory]
    [InlineData("""{}""", "'function'", "is missing")]
    [InlineData("""{"function": 3}""", "'function'", "write a non-empty string")]
    [InlineData("""{"function": "has space"}""", "'function'", "not a Lambda function name")]
    [InlineData("""{"function": "f", "region": "Mars"}""", "'region'", "not an AWS region")]
    [InlineData("""{"function": "arn:aws:lambda:us-east-1:123456789012:function:f", "region": "eu-west-1"}""", "'region'", "ARN is in 'us-east-1'")]
    [InlineData("""{"function": "f", "qualifier": "no/slash"}""", "'qualifier'", "version or alias")]
    [InlineData("""{"function": "f", "endpoint": "http://evil"}""", "'endpoint'", "AWS_ENDPOINT_URL_LAMBDA")]
    public void Read_BadSetting_NamesTheStepAndTheSetting(string json, string setting, string says)
    {
        var settings = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

        var error = Assert.Throws<AwsLambdaRemoteException>(() => LambdaSettings.Read(Step(new RemoteDefinition { Name = "fn", Type = "aws-lambda", Settings = settings })));

        Assert.Contains("Step 'work'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"setting {setting}", error.Message, StringComparison.Ordinal);
        Assert.Contains("remote 'fn'", error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    private static StepDefinition Step(RemoteDefinition remote) => new() { Name = "work", Run = StepCommand.FromShell("true"), Remote = remote };
}
