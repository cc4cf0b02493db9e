using Bazaar.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using P = Microsoft.DurableTask.Protobuf;

namespace Bazaar.IntegrationTests.Security;

/// <summary>
/// The local engine's gRPC endpoint is on a loopback port anyone on the machine can reach: another
/// user (or a container with host networking) calling it without the host's per-process key is refused.
/// </summary>
[Collection(DurableHostCollection.Name)]
public sealed class EngineEndpointTests(DurableHostFixture fixture)
{
    [Fact]
    public async Task CallWithoutTheKey_StartingAnOrchestrationOrReadingOne_IsRefused()
    {
        var ct = TestTimeout.Token();
        using var channel = GrpcChannel.ForAddress(fixture.Host.EngineAddress);
        var stranger = new P.TaskHubSidecarService.TaskHubSidecarServiceClient(channel);

        var hello = await Assert.ThrowsAsync<RpcException>(() => stranger.HelloAsync(new Empty(), cancellationToken: ct).ResponseAsync);
        var start = await Assert.ThrowsAsync<RpcException>(() => stranger.StartInstanceAsync(
            new P.CreateInstanceRequest { InstanceId = "planted", Name = "RunGraph", Input = "{}" }, cancellationToken: ct).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, hello.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, start.StatusCode);
        Assert.Null(await fixture.Host.Client.GetInstanceAsync("planted", getInputsAndOutputs: false, ct)); // the host's own client, with its key, works
    }
}
