using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.Process.Tests;

public sealed class ProcessRemoteProjectTests : RemoteProjectTests
{
    protected override void AddRemote(IBazaarBuilder builder) => builder.AddProcessRemote();
}
