using Bazaar.Hosting;
using DurableTask.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Bazaar.Core.Tests.Hosting;

public sealed class ActivityLockRenewalTests
{
    private readonly Mock<IOrchestrationService> inner = new(MockBehavior.Strict);

    [Fact]
    public async Task StopAsync_BeforeStart_DoesNotStopTheInnerService()
    {
        var renewal = this.Create();

        await renewal.StopAsync(isForced: false);

        this.inner.Verify(s => s.StopAsync(It.IsAny<bool>()), Times.Never);
    }

    [Fact]
    public async Task StopAsync_Twice_StopsTheInnerServiceOnce()
    {
        this.inner.Setup(s => s.StartAsync()).Returns(Task.CompletedTask);
        this.inner.Setup(s => s.StopAsync(false)).Returns(Task.CompletedTask);
        var renewal = this.Create();
        await renewal.StartAsync();

        // The sidecar's stopping callback, then the host's dispose: Azure Storage's second stop throws.
        await renewal.StopAsync();
        await renewal.StopAsync(isForced: false);

        this.inner.Verify(s => s.StopAsync(false), Times.Once);
    }

    [Fact]
    public async Task StopAsync_WhenStartFailed_DoesNotStopTheInnerService()
    {
        this.inner.Setup(s => s.StartAsync()).Returns(Task.FromException(new InvalidOperationException("storage down")));
        var renewal = this.Create();
        await Assert.ThrowsAsync<InvalidOperationException>(renewal.StartAsync);

        await renewal.StopAsync(isForced: true);

        this.inner.Verify(s => s.StopAsync(It.IsAny<bool>()), Times.Never);
    }

    private ActivityLockRenewal Create() => new(this.inner.Object, TimeSpan.FromSeconds(5), NullLogger.Instance);
}
