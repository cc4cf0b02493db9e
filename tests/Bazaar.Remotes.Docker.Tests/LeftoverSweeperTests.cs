using Bazaar.Testing;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class LeftoverSweeperTests(DockerEngineFixture engine)
{
    [Fact]
    public async Task SweepAsync_OwnerProcessGone_RemovesItsRunningContainer()
    {
        var runId = "sweep-" + Guid.NewGuid().ToString("N")[..8];

        // A host on this machine that is gone: a process id that cannot exist (above pid_max's ceiling).
        await this.StartAsync(runId, ContainerLabels.Format(Environment.MachineName, 2_000_000_000, DateTime.UtcNow));

        await Sweeper().SweepAsync(TestTimeout.Token());

        // Another host's sweep on the same engine (a test project running beside this one) may have begun
        // removing it first; then this sweep's removal is refused as in progress and the container lingers a moment.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await engine.ContainersOfRunAsync(runId)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestTimeout.Token());
        }

        Assert.Empty(await engine.ContainersOfRunAsync(runId));
    }

    [Fact]
    public async Task SweepAsync_OtherMachinesRunningOrFreshContainers_AreKept()
    {
        var runId = "sweep-" + Guid.NewGuid().ToString("N")[..8];
        var other = ContainerLabels.Format("some-other-host", 42, DateTime.UtcNow);
        var running = await this.StartAsync(runId, other);
        var stopped = await this.CreateAsync(runId, other);
        var mine = await this.StartAsync(runId, ContainerLabels.ThisProcess);
        try
        {
            await Sweeper().SweepAsync(TestTimeout.Token());

            var left = (await engine.ContainersOfRunAsync(runId)).Select(c => c.ID).ToList();
            Assert.Equal(new[] { running, stopped, mine }.Order(), left.Order());

            // Stopped and older than the grace period: a finished run on another machine, removed.
            await Sweeper(TimeSpan.Zero).SweepAsync(TestTimeout.Token());

            Assert.DoesNotContain(stopped, (await engine.ContainersOfRunAsync(runId)).Select(c => c.ID));
        }
        finally
        {
            foreach (var id in new[] { running, stopped, mine })
            {
                await StepContainer.RemoveAsync(engine.Connection, id, _ => { }, TestTimeout.Token());
            }
        }
    }

    private static LeftoverSweeper Sweeper(TimeSpan? grace = null) => new(
        new DockerConnection(Options.Create(new DockerRemoteOptions())),
        Options.Create(new DockerRemoteOptions { LeftoverGracePeriod = grace ?? TimeSpan.FromHours(1) }),
        TimeProvider.System,
        NullLogger<LeftoverSweeper>.Instance);

    private async Task<string> CreateAsync(string runId, string owner)
    {
        var created = await engine.Client.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Image = DockerEngineFixture.Image,
                Cmd = ["sleep", "60"],
                Labels = new Dictionary<string, string> { [ContainerLabels.Managed] = "true", [ContainerLabels.Run] = runId, [ContainerLabels.Owner] = owner },
                HostConfig = new HostConfig { NetworkMode = "none" },
            },
            TestTimeout.Token());
        return created.ID;
    }

    private async Task<string> StartAsync(string runId, string owner)
    {
        var id = await this.CreateAsync(runId, owner);
        await engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), TestTimeout.Token());
        return id;
    }
}
