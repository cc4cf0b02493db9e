using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Testing;

namespace Bazaar.Remotes.AzureFunctions.Tests;

/// <summary>
/// The shared remote suite against the example step function on Kestrel; whole runs on the fixture's durable
/// host over Azurite, products through SAS URLs. A payload remote gets its log with the answer, so it runs the
/// suite without the log-streaming case.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class AzureFunctionsRemoteConformanceTests(FunctionsFixture fixture) : RemoteConformanceTests
{
    protected override RemoteDefinition Remote => new AzureFunctionsRemoteSpec { Function = "bazaar-step" }.ToDefinition();

    protected override LocalDurableHost Host => fixture.Host;

    protected override IRemote CreateRemote() => fixture.CreateRemote();
}
