using System.Text.Json;
using Bazaar.Behaviors;
using Bazaar.Graphs;
using Bazaar.Orchestration;

namespace Bazaar.Engine.Tests.Orchestration;

/// <summary>The cache key changes with anything that could change a step's outputs, and with nothing else.</summary>
public sealed class StepCacheKeyTests
{
    private static readonly Dictionary<string, string> Inputs = new()
    {
        ["src"] = "sha256:" + new string('a', 64),
        ["lib"] = "sha256:" + new string('b', 64),
    };

    private static readonly StepDefinition Step = new()
    {
        Name = "build",
        Run = StepCommand.FromShell("make"),
        Remote = new RemoteDefinition { Type = "docker", Settings = Settings("""{ "image": "sdk", "cpus": 2 }""") },
        Consumes = ["src", "lib"],
        Produces = [new ProductOutput("bin", "out/")],
        Env = new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" },
    };

    private static readonly string Key = StepCacheKey.Compute(Step, Inputs);

    [Fact]
    public void Compute_SameStep_SameKeyOfTheDigestForm() =>
        Assert.Matches("^sha256:[0-9a-f]{64}$", Key);

    [Fact]
    public void Compute_WhatCannotChangeOutputs_KeepsTheKey()
    {
        var renamed = Step with
        {
            Name = "renamed",
            Timeout = TimeSpan.FromMinutes(5),
            Retry = new RetryPolicy(3, TimeSpan.FromSeconds(1)),
            Consumes = ["lib", "src", "lib"],
            Env = new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" },
            Remote = Step.Remote with { Name = "sdk", Settings = Settings("""{ "cpus": 2, "image": "sdk" }""") },
        };

        Assert.Equal(Key, StepCacheKey.Compute(renamed, Inputs));
    }

    public static TheoryData<string, StepDefinition> Changes() => new()
    {
        { "command", Step with { Run = StepCommand.FromShell("make all") } },
        { "shell to argv", Step with { Run = StepCommand.FromArgs("make") } },
        { "remote type", Step with { Remote = Step.Remote with { Type = "process" } } },
        { "remote setting", Step with { Remote = Step.Remote with { Settings = Settings("""{ "image": "sdk", "cpus": 4 }""") } } },
        { "env value", Step with { Env = new Dictionary<string, string> { ["A"] = "1", ["B"] = "3" } } },
        { "env added", Step with { Env = new Dictionary<string, string> { ["A"] = "1", ["B"] = "2", ["C"] = "" } } },
        { "output path", Step with { Produces = [new ProductOutput("bin", "dist/")] } },
        { "output added", Step with { Produces = [new ProductOutput("bin", "out/"), new ProductOutput("log", "log.txt")] } },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Compute_DefinitionChanged_ChangesTheKey(string change, StepDefinition changed) =>
        Assert.True(StepCacheKey.Compute(changed, Inputs) != Key, $"changing the {change} kept the key");

    [Fact]
    public void Compute_OneInputDigestChanged_ChangesTheKey()
    {
        var inputs = new Dictionary<string, string>(Inputs) { ["lib"] = "sha256:" + new string('c', 64) };

        Assert.NotEqual(Key, StepCacheKey.Compute(Step, inputs));
    }

    private static Dictionary<string, JsonElement> Settings(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
}
