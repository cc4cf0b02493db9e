using System.Text.Json;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Bazaar.Files;
using Bazaar.Graphs;
using Microsoft.Extensions.Logging;

namespace Bazaar.Products;

/// <summary>
/// The product store on Azure Blob storage (or Azurite), laid out as DESIGN.md says: content by
/// digest under <c>cas/sha256/</c>, references, step records and logs under <c>runs/&lt;runId&gt;/</c>.
/// </summary>
internal sealed partial class BlobProductStore : IProductStore
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

    /// <inheritdoc/>
    public async Task<ProductRef> PutAsync(string runId, string name, string? localPath, ProductProducer producer, CancellationToken cancellationToken)
    {
        // An input is the caller's own choice of file, so a link to it is followed here, once; what a step
        // leaves behind (StageAsync) is not trusted and its links are refused.
        if (localPath is not null && SafeFiles.KindOf(localPath) == FileKind.SymbolicLink)
        {
            localPath = File.ResolveLinkTarget(localPath, returnFinalTarget: true)?.FullName ?? localPath;
        }

        var product = await this.StageAsync(runId, name, localPath, producer, cancellationToken).ConfigureAwait(false);
        await this.WriteRefAsync(runId, product, cancellationToken).ConfigureAwait(false);
        return product;
    }

    /// <inheritdoc/>
    public async Task<ProductRef> StageAsync(string runId, string name, string? localPath, ProductProducer producer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(producer);
        _ = BlobLayout.Product(runId, name); // refuses a bad run id or name before any content is uploaded
        await this.EnsureContainerAsync(cancellationToken).ConfigureAwait(false);

        var (kind, digest, size) = (localPath, localPath is null ? FileKind.Missing : SafeFiles.KindOf(localPath)) switch
        {
            (null, _) => await this.StoreAsync(ProductKind.Marker, name, null, cancellationToken).ConfigureAwait(false),
            (_, FileKind.RegularFile) => await this.StoreAsync(ProductKind.File, name, localPath, cancellationToken).ConfigureAwait(false),
            (_, FileKind.Directory) => await this.StoreAsync(ProductKind.Directory, name, localPath, cancellationToken).ConfigureAwait(false),
            (_, FileKind.Missing) => throw new BazaarException(
                $"Product '{name}' of run '{runId}' should be at '{localPath}', but there is no file or folder there. " +
                "Check that the step writes it to the path its graph declares."),
            (_, var other) => throw new UnsafeOutputException(
                $"Product '{name}' of run '{runId}' at '{localPath}' is {SafeFiles.Describe(other, localPath)}; " +
                "Bazaar stores only regular files and directories and does not follow links. Make the step write a regular file or folder there."),
        };

        return new ProductRef
        {
            Name = name,
            Digest = digest,
            Size = size,
            Kind = kind,
            Producer = producer,
            CreatedAt = this.timeProvider.GetUtcNow(),
        };
    }

    /// <inheritdoc/>
    public async Task WriteRefAsync(string runId, ProductRef product, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(product);
        await this.UploadJsonAsync(BlobLayout.Product(runId, product.Name), product, cancellationToken).ConfigureAwait(false);
        Logs.ProductStored(this.logger, product.Name, runId, product.Kind, product.Digest, product.Size);
    }

    /// <inheritdoc/>
    public async Task<ProductRef?> GetAsync(string runId, string name, CancellationToken cancellationToken) =>
        await this.DownloadJsonAsync<ProductRef>(BlobLayout.Product(runId, name), cancellationToken).ConfigureAwait(false);

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
}
