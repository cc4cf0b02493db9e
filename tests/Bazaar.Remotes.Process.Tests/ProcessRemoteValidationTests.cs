using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.Process.Tests;

/// <summary>
/// The process remote takes no settings in a graph: a setting written under it (a typo, or one meant for
/// docker) is refused when the graph is validated, and again when the step runs, never silently ignored.
/// </summary>
public sealed class ProcessRemoteValidationTests
{
    [Fact]
    public void Validate_ProcessRemoteWithSettings_ReportsEachWithStepSettingLineAndWhatToDo()
    {
        using var provider = Services();

        var problems = Assert.Throws<GraphValidationException>(() => GraphFile.Parse(
            """
            name: g
            remotes:
              local: { type: process, shell: /bin/bash }
            steps:
              a: { run: echo, remote: local }
              b:
                run: echo
                remote:
                  type: process
                  image: busybox
              c: { run: echo, remote: process }
            """,
            "g.yaml",
            new RemoteTypeSet(provider.GetServices<IRemote>()))).Problems;

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Line == 3 && p.Message.StartsWith("remote 'local': process setting 'shell' is not known; the process remote takes no settings", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 10 && p.Message.StartsWith("step 'b': process setting 'image' is not known", StringComparison.Ordinal) && p.Message.Contains("such as docker", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ExamplesWithProcessSteps_HaveNoProblems()
    {
        using var provider = Services();

        var graph = GraphFile.Load(RepositoryRoot.Combine("examples/diamond.yaml"), new RemoteTypeSet(provider.GetServices<IRemote>()));

        Assert.All(graph.Steps, s => Assert.Equal("process", s.Remote.Type));
    }

    [Fact]
    public async Task ExecuteAsync_SettingThatSkippedValidation_ThrowsNamingRemoteStepAndSettingWithoutRunning()
    {
        using var harness = new ProcessStepHarness();
        var step = new StepDefinition
        {
            Name = "x",
            Run = StepCommand.FromShell("echo ran > ran.txt"),
            Remote = new RemoteDefinition { Name = "local", Type = "process", Settings = new Dictionary<string, JsonElement> { ["shell"] = JsonSerializer.SerializeToElement("/bin/bash") } },
        };

        var error = await Assert.ThrowsAsync<ProcessRemoteException>(() => harness.CreateRemote().ExecuteAsync(harness.CreateContext(step), TestTimeout.Token()));

        Assert.StartsWith("remote 'local' of step 'x' has bad process settings: process setting 'shell' is not known", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(harness.Directory["ran.txt"]));
    }

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBazaar().AddProcessRemote();
        return services.BuildServiceProvider();
    }
}
