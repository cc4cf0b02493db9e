using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.Process.Tests;

/// <summary>Azurite and a real durable host with the process remote, shared by one test class: whole runs on real processes.</summary>
public sealed class ProcessHostFixture : RemoteHostFixture
{
    /// <inheritdoc/>
    protected override string TaskHubPrefix => "ps";

    /// <inheritdoc/>
    protected override void AddRemotes(IBazaarBuilder bazaar) => bazaar.AddProcessRemote();
}
