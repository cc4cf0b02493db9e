using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.AwsEcs.Tests;

public sealed class AwsEcsRemoteProjectTests : RemoteProjectTests
{
    protected override void AddRemote(IBazaarBuilder builder) => builder.AddAwsEcsRemote();
}
