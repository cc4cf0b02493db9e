using System.Net;
using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Storage.Tests.Products;

/// <summary>SAS URLs for payload remotes, against Azurite: per blob, least privilege, expiring when asked.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobProductStoreTransferTests(AzuriteFixture azurite)
{
    private static readonly HttpClient Http = new();

    private static readonly StepDefinition Step = new()
    {
        Name = "remote",
        Run = StepCommand.FromShell("true"),
        Consumes = ["source"],
        Produces = [new ProductOutput("result", "out.txt"), new ProductOutput("tree", "tree/"), new ProductOutput("flag", null)],
    };

    [Fact]
    public async Task CreateUrlsAsync_InputUrl_ReadsTheContentButCannotWrite()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        var product = await PutSourceAsync(store, "run1", "payload", ct);

        var urls = await store.CreateUrlsAsync("run1", Step, 1, Inputs(product), DateTimeOffset.UtcNow.AddMinutes(5), ct);

        var input = urls.Inputs["source"];
        Assert.Equal(product.Digest, input.Digest);
        Assert.Equal(ProductKind.File, input.Kind);
        Assert.Equal("payload", await Http.GetStringAsync(input.Url, ct));
        using var put = await PutAsync(input.Url, "overwritten", ct);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
    }

    [Fact]
    public async Task CreateUrlsAsync_OutputUrl_WritesOneBlobButCannotRead()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        var product = await PutSourceAsync(store, "run1", "payload", ct);

        var urls = await store.CreateUrlsAsync("run1", Step, 1, Inputs(product), DateTimeOffset.UtcNow.AddMinutes(5), ct);

        Assert.Equal(["result", "tree"], urls.Outputs.Keys.Order());
        Assert.Equal(ProductKind.Directory, urls.Outputs["tree"].Kind);
        var output = urls.Outputs["result"].Url;
        using (var put = await PutAsync(output, "made remotely", ct))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using var get = await Http.GetAsync(output, ct);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        var sibling = new UriBuilder(output) { Path = output.AbsolutePath.Replace("/result", "/tree", StringComparison.Ordinal) }.Uri;
        using var other = await PutAsync(sibling, "not mine", ct);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task CreateUrlsAsync_UrlUsedAfterItsExpiry_IsRefusedByAzurite()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        var product = await PutSourceAsync(store, "run1", "payload", ct);
        var expiresOn = DateTimeOffset.UtcNow.AddSeconds(2);

        var urls = await store.CreateUrlsAsync("run1", Step, 1, Inputs(product), expiresOn, ct);
        Assert.Equal("payload", await Http.GetStringAsync(urls.Inputs["source"].Url, ct));
        await Task.Delay(expiresOn - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5), ct);

        using var late = await Http.GetAsync(urls.Inputs["source"].Url, ct);
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        using var latePut = await PutAsync(urls.Outputs["result"].Url, "too late", ct);
        Assert.Equal(HttpStatusCode.Forbidden, latePut.StatusCode);
    }

    [Fact]
    public async Task FetchUploadAsync_UploadedFile_LandsAtThePathAndTheUploadIsRemoved()
    {
        var ct = TestTimeout.Token();
        var (store, container) = TestStores.Create(azurite);
        var product = await PutSourceAsync(store, "run1", "payload", ct);
        var urls = await store.CreateUrlsAsync("run1", Step, 1, Inputs(product), DateTimeOffset.UtcNow.AddMinutes(5), ct);
        using (await PutAsync(urls.Outputs["result"].Url, "made remotely", ct))
        {
        }

        using var temp = new TempDirectory();
        var found = await store.FetchUploadAsync("run1", "remote", 1, Step.Produces[0], temp["ws/out.txt"], ct);
        var missing = await store.FetchUploadAsync("run1", "remote", 1, Step.Produces[1], temp["ws/tree"], ct);

        Assert.True(found);
        Assert.False(missing);
        Assert.Equal("made remotely", await File.ReadAllTextAsync(temp["ws/out.txt"], ct));
        Assert.Empty(await TestStores.ListAsync(container, "runs/run1/uploads/", ct));
    }

    private static Dictionary<string, ProductRef> Inputs(ProductRef source) => new() { ["source"] = source };

    private static async Task<ProductRef> PutSourceAsync(BlobProductStore store, string runId, string text, CancellationToken ct)
    {
        using var temp = new TempDirectory();
        temp.Write("source.txt", text);
        return await store.PutAsync(runId, "source", temp["source.txt"], TestStores.Producer(runId), ct);
    }

    private static Task<HttpResponseMessage> PutAsync(Uri url, string text, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(text) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        return Http.SendAsync(request, ct);
    }
}
