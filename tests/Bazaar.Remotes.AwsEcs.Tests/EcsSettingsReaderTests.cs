using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AwsEcs.Tests;

public sealed class EcsSettingsReaderTests
{
    [Fact]
    public void Read_EverySettingWritten_ReadAsWritten()
    {
        var problems = new List<RemoteSettingProblem>();

        var settings = EcsSettingsReader.Read(Remote("""
            { "cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/bazaar", "taskDefinition": "bazaar-agent:3", "containerName": "agent",
              "launchType": "FARGATE", "subnets": "subnet-0123456789abcdef0", "securityGroups": ["sg-0123456789abcdef0"],
              "assignPublicIp": false, "cpu": "1024", "memory": 2048 }
            """), problems);

        Assert.Empty(problems);
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:cluster/bazaar", settings!.Cluster);
        Assert.Equal(["subnet-0123456789abcdef0"], settings.Subnets!);
        Assert.Equal((1024, 2048, false), (settings.Cpu, settings.Memory, settings.AssignPublicIp));
    }

    [Fact]
    public void Read_NothingWritten_EverythingFromTheHost()
    {
        var problems = new List<RemoteSettingProblem>();

        var settings = EcsSettingsReader.Read(Remote("{}"), problems);

        Assert.Empty(problems);
        Assert.Equal(new EcsStepSettings(null, null, null, null, null, null, null, null, null, null), settings);
    }

    [Theory]
    [InlineData("""{ "region": "eu-west-1" }""", "region", "host's business")]
    [InlineData("""{ "taskRoleArn": "arn:aws:iam::1:role/admin" }""", "taskRoleArn", "task definitions the host allows")]
    [InlineData("""{ "launchType": "fargate" }""", "launchType", "in capitals")]
    [InlineData("""{ "launchType": "FARGATE", "capacityProvider": "FARGATE_SPOT" }""", "capacityProvider", "exclude each other")]
    [InlineData("""{ "subnets": ["subnet-xyz"] }""", "subnets", "subnet ids")]
    [InlineData("""{ "securityGroups": [] }""", "securityGroups", "0 entries")]
    [InlineData("""{ "cpu": 64 }""", "cpu", "128 to 16384")]
    [InlineData("""{ "memory": "lots" }""", "memory", "MiB")]
    [InlineData("""{ "assignPublicIp": "yes" }""", "assignPublicIp", "true or false")]
    [InlineData("""{ "cluster": "my cluster" }""", "cluster", "not a cluster's name")]
    [InlineData("""{ "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task/x" }""", "taskDefinition", "family:revision")]
    public void Read_BadSetting_ReportedWithWhatToWrite(string json, string key, string advice)
    {
        var problems = new List<RemoteSettingProblem>();

        var settings = EcsSettingsReader.Read(Remote(json), problems);

        Assert.Null(settings);
        var problem = Assert.Single(problems);
        Assert.Equal(key, problem.Setting);
        Assert.Contains(advice, problem.Message, StringComparison.Ordinal);
    }

    private static RemoteDefinition Remote(string settings) => new()
    {
        Type = "aws-ecs",
        Settings = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(settings)!,
    };
}
