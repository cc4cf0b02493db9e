using Azure;
using Azure.Storage.Blobs.Specialized;
using Bazaar.Files;
using Bazaar.Graphs;

namespace Bazaar.Products;

/// <content>Content: hashing, uploading once by digest, and streaming it back out verified.</content>
internal sealed partial class BlobProductStore
{
    /// <summary>
    /// The largest content kept in memory while it is hashed and put in one request, with no second
    /// read. Each upload holds at most this much (a large one holds blocks instead), so the store's
    /// memory stays bounded by the callers' parallelism, not by product sizes.
    /// </summary>
    internal const int SingleUploadLimit = 8 << 20;

    /// <inheritdoc/>
    public async Task<ProductRef> StageAsync(string runId, string name, string? localPath, ProductProducer producer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(producer);
        _ = BlobLayout.Product(runId, name); // refuses a bad run id or name before any content is uploaded
        await this.EnsureContainerAsync(cancellationToken).ConfigureAwait(false);

        var kind = ProductContent.KindOf(runId, name, localPath);
        var (digest, size) = await this.StoreAsync(kind, name, localPath, cancellationToken).ConfigureAwait(false);

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
    public async Task MaterializeAsync(ProductRef product, string targetPath, CancellationToken cancellationToken)
    {
        await ProductContent.MaterializeAsync(product, targetPath, ct => this.OpenVerifyingAsync(product, ct), this.options, cancellationToken).ConfigureAwait(false);
        Logs.ProductMaterialized(this.logger, product.Name, product.Kind, product.Digest, targetPath);
    }

    /// <inheritdoc/>
    public async Task<Stream> OpenReadAsync(ProductRef product, CancellationToken cancellationToken) =>
        await this.OpenVerifyingAsync(product, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<bool> ContentExistsAsync(string digest, CancellationToken cancellationToken) =>
        await this.container.GetBlobClient(BlobLayout.Content(digest)).ExistsAsync(cancellationToken).ConfigureAwait(false);

    private async Task<VerifyingReadStream> OpenVerifyingAsync(ProductRef product, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(product);
        var blob = this.container.GetBlobClient(BlobLayout.Content(product.Digest));
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new VerifyingReadStream(download.Value.Content, product);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new BazaarException(
                $"The content of product '{product.Name}' ({product.Digest}) is missing: there is no blob {blob.Name} in container '{this.container.Name}'. " +
                "Store the product again (rerun the step that made it).",
                e);
        }
    }

    /// <summary>
    /// Hashes the content, then uploads it unless its digest is stored already. Content up to
    /// <see cref="SingleUploadLimit"/> is kept in memory from the hashing pass and goes up in one
    /// conditional request; larger content is read (or the tar generated) again while it uploads.
    /// </summary>
    private async Task<(string Digest, long Size)> StoreAsync(ProductKind kind, string name, string? path, CancellationToken cancellationToken)
    {
        var write = ProductContent.Writer(kind, path);

        // A file's size is known before reading it, so a large one is never buffered; a directory's tar is kept while it fits.
        long sizeHint = 0;
        if (kind == ProductKind.File)
        {
            using var file = SafeFiles.OpenRegularFile(path!);
            sizeHint = file.Length;
        }

        using var sink = new HashingSink(sizeHint <= SingleUploadLimit ? SingleUploadLimit : 0, sizeHint);
        await write(sink, cancellationToken).ConfigureAwait(false);
        var (digest, size) = (sink.GetDigest(), sink.Length);

        // Every marker has the empty content; once it is known stored, a marker costs no content call.
        if (size == 0 && this.emptyContentStored)
        {
            return (digest, size);
        }

        var blob = this.container.GetBlockBlobClient(BlobLayout.Content(digest));
        if (sink.TryGetContent(out var content))
        {
            // No existence check first: the conditional put costs one request whether or not the content
            // is there, and never overwrites it. What goes up is exactly what was hashed.
            if (await BlockUploadStream.UploadOnceAsync(blob, content, cancellationToken).ConfigureAwait(false))
            {
                Logs.ContentUploaded(this.logger, digest, size, 1);
            }
            else
            {
                Logs.ContentAlreadyStored(this.logger, digest);
            }
        }
        else if (await blob.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            // Checked first for large content only: reading it again and uploading it would cost far more than the check.
            Logs.ContentAlreadyStored(this.logger, digest);
        }
        else
        {
            await this.UploadAgainAsync(blob, write, name, path, digest, size, cancellationToken).ConfigureAwait(false);
        }

        this.emptyContentStored |= size == 0;
        return (digest, size);
    }

    /// <summary>
    /// The second pass for large content: it is read (or the tar generated) again and hashed again while
    /// it uploads in blocks; the blob is committed only when it is the same, so the name always matches the bytes.
    /// </summary>
    private async Task UploadAgainAsync(
        BlockBlobClient blob, Func<Stream, CancellationToken, Task> write, string name, string? path, string digest, long size, CancellationToken cancellationToken)
    {
        var upload = new BlockUploadStream(blob, size);
        await using (upload.ConfigureAwait(false))
        {
            await write(upload, cancellationToken).ConfigureAwait(false);
            var (uploaded, created) = await upload.CommitAsync(digest, cancellationToken).ConfigureAwait(false);
            if (uploaded != digest)
            {
                throw new BazaarException(
                    $"Product '{name}' at '{path}' changed while it was being stored (digest {digest}, then {uploaded}). " +
                    "Make sure nothing writes to a step's outputs once the step has ended.");
            }

            if (created)
            {
                Logs.ContentUploaded(this.logger, digest, size, upload.Blocks);
            }
            else
            {
                Logs.ContentStoredConcurrently(this.logger, digest);
            }
        }
    }
}
