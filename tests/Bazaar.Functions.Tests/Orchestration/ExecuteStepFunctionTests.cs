using Bazaar.Functions.Orchestration;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Bazaar.Functions.Tests.Orchestration;

public class ExecuteStepFunctionTests : IDisposable
{
    private readonly TempDirectory work = new();
    private readonly Mock<IRemote> remote = new();
    private readonly FunctionHost host;

    public ExecuteStepFunctionTests()
    {
        // Registered last, so it is the remote a "process" step would run on.
        this.remote.SetupGet(r => r.Type).Returns("process");
        this.host = new FunctionHost(services =>
        {
            services.Configure<BazaarOptions>(o => o.WorkRoot = this.work.Path);
            services.AddSingleton(this.remote.Object);
        });
    }

    public void Dispose()
    {
        this.host.Dispose();
        this.work.Dispose();
    }

    [Fact]
    public async Task ExecuteStep_StepWithoutRun_SucceedsStoringItsMarkerWithoutCallingTheRemote()
    {
        this.host.Content
            .Setup(s => s.StageAsync("run1", "done", null, It.IsAny<ProductProducer>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string run, string name, string? _, ProductProducer producer, CancellationToken _) => new ProductRef
            {
                Name = name,
                Digest = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Size = 0,
                Kind = ProductKind.Marker,
                Producer = producer,
                CreatedAt = DateTimeOffset.UnixEpoch,
            });
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InstanceServices).Returns(this.host.Services);
        var request = new ExecuteStepRequest { RunId = "run1", Step = TestGraphs.Marker.Steps[0] };

        var result = await ExecuteStepFunction.ExecuteStep(request, "run1", context.Object).WaitAsync(TestTimeout.Token());

        Assert.Equal(StepState.Succeeded, result.State);
        Assert.Equal(["done"], result.Products.Select(p => p.Name));
        // A step without a command has nothing to log, and its product refs are its record (MarkerSteps): one write.
        this.host.Logs.Verify(s => s.OpenLogAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
        this.host.Records.Verify(s => s.WriteStepRecordAsync(It.IsAny<string>(), It.IsAny<StepResult>(), It.IsAny<CancellationToken>()), Times.Never);
        this.host.Refs.Verify(s => s.WriteRefAsync("run1", It.Is<ProductRef>(p => p.Name == "done"), It.IsAny<CancellationToken>()), Times.Once);
        this.remote.Verify(r => r.ExecuteAsync(It.IsAny<StepContext>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
