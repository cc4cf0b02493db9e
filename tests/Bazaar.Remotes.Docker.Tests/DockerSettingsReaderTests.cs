using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Remotes.Docker.Tests;

public sealed class DockerSettingsReaderTests
{
    [Theory]
    [InlineData("512m", 512L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("64MB", 64L << 20)]
    [InlineData("1048576", 1L << 20)]
    [InlineData("100k", 100L << 10)]
    public void ParseMemory_Size_ReturnsBytes(string text, long expected)
    {
        Assert.Equal(expected, DockerSettingsReader.ParseMemory(text));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-1g")]
    [InlineData("")]
    [InlineData("1x")]
    public void ParseMemory_NotASize_ReturnsNull(string text)
    {
        Assert.Null(DockerSettingsReader.ParseMemory(text));
    }

    [Fact]
    public void Read_EverySetting_ReadsThem()
    {
        var options = new DockerRemoteOptions { DefaultPullPolicy = DockerPullPolicy.Never, AllowHostNetwork = true };
        options.Mounts["tools"] = new DockerMount { HostPath = "/opt/tools", ContainerPath = "/tools" };
        var problems = new List<RemoteSettingProblem>();

        var settings = DockerSettingsReader.Read(
            Remote("""{ "image": "busybox:1.36", "command": ["bash", "-c"], "entrypoint": ["/init"], "env": { "A": "1", "B": 2 }, "user": "1000:1000", "cpus": 1.5, "memory": "1g", "network": "host", "pull": "always", "mounts": ["tools"] }"""),
            options,
            problems);

        Assert.Empty(problems);
        Assert.NotNull(settings);
        Assert.Equal("busybox:1.36", settings.Image);
        Assert.Equal(["bash", "-c"], settings.Command);
        Assert.Equal(["/init"], settings.Entrypoint);
        Assert.Equal("2", settings.Env["B"]);
        Assert.Equal("1000:1000", settings.User);
        Assert.Equal(1_500_000_000, settings.NanoCpus);
        Assert.Equal(1L << 30, settings.MemoryBytes);
        Assert.Equal("host", settings.Network);
        Assert.Equal(DockerPullPolicy.Always, settings.Pull);
        Assert.Equal("/tools", Assert.Single(settings.Mounts).ContainerPath);
    }

    [Fact]
    public void Read_OnlyImage_DefaultsToNoNetworkAndTheHostsPullPolicy()
    {
        var problems = new List<RemoteSettingProblem>();

        var settings = DockerSettingsReader.Read(Remote("""{ "image": "busybox" }"""), new DockerRemoteOptions { DefaultPullPolicy = DockerPullPolicy.Never }, problems);

        Assert.NotNull(settings);
        Assert.Equal("none", settings.Network);
        Assert.Equal(DockerPullPolicy.Never, settings.Pull);
        Assert.Null(settings.Entrypoint);
    }

    [Theory]
    [InlineData("""{ }""", null, "needs image:")]
    [InlineData("""{ "image": "a b" }""", "image", "image reference")]
    [InlineData("""{ "image": "x", "memory": "lots" }""", "memory", "512m")]
    [InlineData("""{ "image": "x", "memory": "1k" }""", "memory", "at least 6m")]
    [InlineData("""{ "image": "x", "cpus": 0 }""", "cpus", "0.01")]
    [InlineData("""{ "image": "x", "network": "bridge" }""", "network", "none, host")]
    [InlineData("""{ "image": "x", "pull": "sometimes" }""", "pull", "if-not-present, always, never")]
    [InlineData("""{ "image": "x", "mounts": ["/etc"] }""", "mounts", "not in this host's mount allowlist")]
    [InlineData("""{ "image": "x", "mounts": "tools" }""", "mounts", "list of mount names")]
    [InlineData("""{ "image": "x", "command": "sh -c" }""", "command", "write a list")]
    [InlineData("""{ "image": "x", "env": ["A=1"] }""", "env", "map from name to value")]
    [InlineData("""{ "image": "x", "user": "" }""", "user", "user name or id")]
    [InlineData("""{ "image": "x", "memroy": "1g" }""", "memroy", "not known")]
    public void Read_BadSetting_NamesTheSettingAndWhatToWrite(string json, string? setting, string hint)
    {
        var problems = new List<RemoteSettingProblem>();

        var settings = DockerSettingsReader.Read(Remote(json), new DockerRemoteOptions(), problems);

        Assert.Null(settings);
        var problem = Assert.Single(problems);
        Assert.Equal(setting, problem.Setting);
        Assert.Contains(hint, problem.Message, StringComparison.Ordinal);
    }

    private static RemoteDefinition Remote(string json) => new()
    {
        Type = "docker",
        Settings = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!,
    };
}
