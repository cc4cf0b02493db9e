using System.Text;
using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Remotes;
using Bazaar.Testing;

namespace Bazaar.Engine.Tests.Orchestration.ExecuteStep;

/// <summary>
/// A payload remote on the in-memory store: it reads its inputs through the URLs it is given and
/// uploads its outputs to theirs; the activity stores each upload by digest, or fails naming those missing.
/// </summary>
public sealed class ExecuteStepPayloadTests : IDisposable
{
    private readonly ExecuteStepHarness harness = new();

    public void Dispose() => this.harness.Dispose();

    [Fact]
    public async Task RunAsync_PayloadRemoteUploadsItsOutput_ItIsStoredByDigest()
    {
        var source = await this.harness.PutFileAsync("run1", "src", "lower");
        string? digestGiven = null;
        var remote = new ScriptedRemote(async (context, token) =>
        {
            var urls = await context.Workspace.GetProductUrlsAsync(DateTimeOffset.UtcNow.AddMinutes(5), token);
            digestGiven = urls.Inputs["src"].Digest;
            var text = Encoding.UTF8.GetString(this.harness.Store.Download(urls.Inputs["src"].Url));
            this.harness.Store.Upload(urls.Outputs["out"].Url, Encoding.UTF8.GetBytes(text.ToUpperInvariant()));
            return RemoteResult.Success;
        });

        var result = await this.harness.RunAsync(remote, ExecuteStepHarness.Step(consumes: ["src"], produces: [new ProductOutput("out", "out.txt")]));

        Assert.Equal(StepState.Succeeded, result.State);
        Assert.Equal(source.Digest, digestGiven);
        var stored = await this.harness.Store.GetAsync("run1", "out", TestTimeout.Token());
        Assert.NotNull(stored);
        Assert.Equal(TestDigests.Of("LOWER"), stored.Digest);
        Assert.Equal("LOWER", await this.harness.ReadTextAsync(stored));
    }

    [Fact]
    public async Task RunAsync_PayloadRemoteSkipsAnUpload_FailsNamingTheOutputNotUploaded()
    {
        var remote = new ScriptedRemote(async (context, token) =>
        {
            var urls = await context.Workspace.GetProductUrlsAsync(DateTimeOffset.UtcNow.AddMinutes(5), token);
            this.harness.Store.Upload(urls.Outputs["sent"].Url, [1, 2, 3]);
            return RemoteResult.Success;
        });
        var step = ExecuteStepHarness.Step(produces: [new ProductOutput("sent", "sent.bin"), new ProductOutput("forgotten", "forgotten.bin")]);

        var result = await this.harness.RunAsync(remote, step);

        Assert.Equal(StepState.Failed, result.State);
        Assert.Contains("did not upload", result.Error, StringComparison.Ordinal);
        Assert.Contains("'forgotten' at 'forgotten.bin'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("'sent'", result.Error, StringComparison.Ordinal);
        Assert.Null(await this.harness.Store.GetAsync("run1", "sent", TestTimeout.Token()));
    }
}
