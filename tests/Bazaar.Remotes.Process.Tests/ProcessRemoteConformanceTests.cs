using Bazaar.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.Process.Tests;

public sealed class ProcessRemoteConformanceTests : RemoteConformanceTests
{
    protected override IRemote CreateRemote() =>
        new ProcessRemote(Options.Create(new ProcessRemoteOptions()), NullLogger<ProcessRemote>.Instance, TimeProvider.System);
}
