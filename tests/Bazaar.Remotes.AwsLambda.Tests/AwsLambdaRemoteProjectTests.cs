using Bazaar.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.AwsLambda.Tests;

public sealed class AwsLambdaRemoteProjectTests : RemoteProjectTests
{
    protected override void AddRemote(IBazaarBuilder builder) => builder.AddAwsLambdaRemote();
}
