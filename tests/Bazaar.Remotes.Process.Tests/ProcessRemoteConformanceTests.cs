using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.Process.Tests;

/// <summary>The shared remote suite, each step a real process on this machine; whole runs on a real durable host over Azurite.</summary>
public sealed class ProcessRemoteConformanceTests(ProcessHostFixture fixture) : StreamingRemoteConformanceTests, IClassFixture<ProcessHostFixture>
{
    protected override RemoteDefinition Remote => RemoteDefinition.Process;

    protected override LocalDurableHost Host => fixture.Host;

    protected override IRemote CreateRemote() =>
        new ProcessRemote(Options.Create(new ProcessRemoteOptions()), NullLogger<ProcessRemote>.Instance, TimeProvider.System);
}
