using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AwsLambda.Tests;

public sealed class LambdaSettingsReaderTests
{
    [Fact]
    public void Read_SpecWithEverySetting_ReadsThemBack()
    {
        var problems = new List<RemoteSettingProblem>();

        var settings = LambdaSettingsReader.Read(new AwsLambdaRemoteSpec("my-fn") { Region = "eu-west-1", Qualifier = "live" }.ToDefinition(), problems);

        Assert.Empty(problems);
        Assert.Equal(new LambdaStepSettings("my-fn", "eu-west-1", "live"), settings);
    }

    [Fact]
    public void Read_Arn_TakesTheRegionFromIt()
    {
        var settings = LambdaSettingsReader.Read(new AwsLambdaRemoteSpec("arn:aws:lambda:ap-south-1:123456789012:function:f").ToDefinition(), []);

        Assert.Equal("ap-south-1", settings?.Region);
    }

    [Theory]
    [InlineData("""{}""", "function", "needs function:")]
    [InlineData("""{"function": null}""", "function", "needs function:")]
    [InlineData("""{"function": 3}""", "function", "is 3; write the function's name")]
    [InlineData("""{"function": "has space"}""", "function", "is 'has space', which is not a Lambda function; write a name")]
    [InlineData("""{"function": "f", "region": "Mars"}""", "region", "is 'Mars', which is not an AWS region; write one such as us-east-1")]
    [InlineData("""{"function": "arn:aws:lambda:us-east-1:123456789012:function:f", "region": "eu-west-1"}""", "region", "ARN is in 'us-east-1'; remove region:")]
    [InlineData("""{"function": "f", "qualifier": "no/slash"}""", "qualifier", "is 'no/slash', which is not a Lambda version or alias; write")]
    [InlineData("""{"function": "f", "qualifier": ["live"]}""", "qualifier", "is a list; write a version")]
    [InlineData("""{"function": "f", "endpoint": "http://evil"}""", "endpoint", "set on the host (AWS_ENDPOINT_URL_LAMBDA)")]
    public void Read_BadSetting_ReportsTheSettingAndWhatToWrite(string json, string setting, string says)
    {
        var problems = new List<RemoteSettingProblem>();

        var settings = LambdaSettingsReader.Read(Remote(json), problems);

        Assert.Null(settings);
        var problem = Assert.Single(problems);
        Assert.Equal(setting, problem.Setting);
        Assert.Contains(says, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SeveralBadSettings_ReportsEvery()
    {
        var problems = new List<RemoteSettingProblem>();

        LambdaSettingsReader.Read(Remote("""{"region": "Mars", "qualifier": "a b", "image": "busybox"}"""), problems);

        Assert.Equal(["image", "function", "region", "qualifier"], problems.Select(p => p.Setting));
    }

    private static RemoteDefinition Remote(string json) =>
        new() { Name = "fn", Type = "aws-lambda", Settings = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)! };
}
