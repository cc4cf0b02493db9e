using System.Text.Json;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace Bazaar.Products;

/// <summary>
/// The product store on Azure Blob storage (or Azurite), laid out as DESIGN.md says: content by
/// digest under <c>cas/sha256/</c>, references, step records and logs under <c>runs/&lt;runId&gt;/</c>,
/// the action cache under <c>cache/</c>, the callback ledger under <c>runs/&lt;runId&gt;/callbacks/</c>. One container, so one class serves every store interface;
/// callers are given only the interface they use.
/// </summary>
internal sealed partial class BlobProductStore : IContentStore, IProductRefs, IStepRecords, ICancelRequests, IStepLogs, IActionCache, ICallbackLedger
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly BlobContainerClient container;
    private readonly ProductStoreOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private Task? containerCreated;

    // Content is written once and never overwritten, so the empty content (every marker's) stays stored once seen.
    private volatile bool emptyContentStored;

    /// <summary>Initializes a new instance of the <see cref="BlobProductStore"/> class.</summary>
    /// <param name="service">The storage account's blob service; see <see cref="CreateServiceClient"/>.</param>
    /// <param name="options">The container and limits.</param>
    /// <param name="timeProvider">The clock for product times and log flushes.</param>
    /// <param name="logger">The logger.</param>
    public BlobProductStore(BlobServiceClient service, ProductStoreOptions options, TimeProvider timeProvider, ILogger<BlobProductStore> logger)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        this.container = service.GetBlobContainerClient(options.ContainerName);
        this.options = options;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <summary>Creates the blob service client the options describe: an account URL with <c>DefaultAzureCredential</c>, or the connection string.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The client.</returns>
    public static BlobServiceClient CreateServiceClient(ProductStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AccountUrl is { } url
            ? new BlobServiceClient(url, new DefaultAzureCredential())
            : new BlobServiceClient(options.ConnectionString);
    }

    /// <summary>Creates the container once, lazily; a failed attempt is retried by the next caller.</summary>
    private Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        var created = Volatile.Read(ref this.containerCreated);
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            // Racing callers may each send one create-if-missing; that is harmless, and they share the winner's task.
            var fresh = this.CreateContainerAsync();
            created = Interlocked.CompareExchange(ref this.containerCreated, fresh, created) == created ? fresh : this.containerCreated!;
        }

        return created.WaitAsync(cancellationToken);
    }

    private async Task CreateContainerAsync()
    {
        // Not cancellable: the task is shared, and one caller's cancellation must not fail the others.
        await this.container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        Logs.ContainerReady(this.logger, this.container.Name);
    }

    private async Task UploadJsonAsync<T>(string blobName, T value, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null)
    {
        await this.EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var content = BinaryData.FromObjectAsJson(value, Json);
        var upload = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" }, Metadata = metadata };
        await this.container.GetBlobClient(blobName).UploadAsync(content, upload, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T?> DownloadJsonAsync<T>(string blobName, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var result = await this.container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Value.Content.ToObjectFromJson<T>(Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (JsonException e)
        {
            throw new BazaarException($"The record {blobName} in container '{this.container.Name}' is not valid JSON of a {typeof(T).Name}: {e.Message}", e);
        }
    }

    // A run with no container yet has no records: the listing's 404 means "none", not an error.
    private static async Task<bool> NextAsync(IAsyncEnumerator<BlobHierarchyItem> items)
    {
        try
        {
            return await items.MoveNextAsync().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }
}
