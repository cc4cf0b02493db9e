using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AwsBatch.Tests;

public sealed class BatchSettingsReaderTests
{
    [Fact]
    public void Read_EverySettingWritten_ReadAsWritten()
    {
        var problems = new List<RemoteSettingProblem>();

        var settings = BatchSettingsReader.Read(Remote("""
            { "jobQueue": "arn:aws:batch:us-east-1:123456789012:job-queue/bazaar", "jobDefinition": "bazaar-agent:2", "vcpus": "0.25", "memory": 512, "startTimeout": "30m" }
            """), problems);

        Assert.Empty(problems);
        Assert.Equal(new BatchStepSettings("arn:aws:batch:us-east-1:123456789012:job-queue/bazaar", "bazaar-agent:2", 0.25, 512, TimeSpan.FromMinutes(30)), settings);
    }

    [Theory]
    [InlineData("""{ "region": "eu-west-1" }""", "region", "host's business")]
    [InlineData("""{ "jobRoleArn": "arn:aws:iam::1:role/admin" }""", "jobRoleArn", "job definitions the host allows")]
    [InlineData("""{ "jobQueue": "my queue" }""", "jobQueue", "not a job queue's name")]
    [InlineData("""{ "jobDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/x:1" }""", "jobDefinition", "name:revision")]
    [InlineData("""{ "vcpus": 0.1 }""", "vcpus", "0.25 to 256")]
    [InlineData("""{ "memory": 1024.5 }""", "memory", "whole MiB")]
    [InlineData("""{ "startTimeout": "soon" }""", "startTimeout", "1s to 7d")]
    [InlineData("""{ "startTimeout": 900 }""", "startTimeout", "a duration such as 15m")]
    public void Read_BadSetting_ReportedWithWhatToWrite(string json, string key, string advice)
    {
        var problems = new List<RemoteSettingProblem>();

        var settings = BatchSettingsReader.Read(Remote(json), problems);

        Assert.Null(settings);
        var problem = Assert.Single(problems);
        Assert.Equal(key, problem.Setting);
        Assert.Contains(advice, problem.Message, StringComparison.Ordinal);
    }

    private static RemoteDefinition Remote(string settings) => new()
    {
        Type = "aws-batch",
        Settings = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(settings)!,
    };
}
