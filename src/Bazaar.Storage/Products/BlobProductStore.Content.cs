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
    public async Task MaterializeAsync(ProductRef product, string targetPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentException.ThrowIfNullOrEmpty(targetPath);
        if (File.Exists(targetPath) || Directory.Exists(targetPath))
        {
            throw new BazaarException($"Cannot put product '{product.Name}' at '{targetPath}': something is there already. Materialize into a new path.");
        }

        if (product.Kind == ProductKind.Marker)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(targetPath))!);
            await File.WriteAllBytesAsync(targetPath, [], cancellationToken).ConfigureAwait(false);
            return;
        }

        var content = (VerifyingReadStream)await this.OpenReadAsync(product, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            try
            {
                if (product.Kind == ProductKind.Directory)
                {
                    var extractor = new SafeTarExtractor(product.Name, this.options.MaxExtractedBytes, this.options.MaxEntries);
                    await extractor.ExtractAsync(content, targetPath, cancellationToken).ConfigureAwait(false);
                    await content.ReadToEndAndVerifyAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(targetPath))!);
                    var file = new FileStream(targetPath, new FileStreamOptions
                    {
                        Mode = FileMode.CreateNew,
                        Access = FileAccess.Write,
                        Options = FileOptions.Asynchronous,
                        BufferSize = 0,
                        PreallocationSize = product.Size,
                    });
                    await using (file.ConfigureAwait(false))
                    {
                        await content.CopyToAsync(file, 1 << 20, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch
            {
                // Leave nothing half-written or unverified behind; the target did not exist before.
                DeleteQuietly(targetPath);
                throw;
            }
        }

        Logs.ProductMaterialized(this.logger, product.Name, product.Kind, product.Digest, targetPath);
    }

    /// <inheritdoc/>
    public async Task<Stream> OpenReadAsync(ProductRef product, CancellationToken cancellationToken)
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

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Hashes the content, then uploads it unless its digest is stored already. Content up to
    /// <see cref="SingleUploadLimit"/> is kept in memory from the hashing pass and goes up in one
    /// conditional request; larger content is read (or the tar generated) again while it uploads.
    /// </summary>
    private async Task<(ProductKind Kind, string Digest, long Size)> StoreAsync(ProductKind kind, string name, string? path, CancellationToken cancellationToken)
    {
        Func<Stream, CancellationToken, Task> write = kind switch
        {
            ProductKind.Marker => static (_, _) => Task.CompletedTask,
            ProductKind.Directory => (sink, ct) => ReproducibleTar.WriteAsync(path!, sink, ct),
            _ => async (sink, ct) =>
            {
                // Opened without following a link and checked to be a regular file (a step's output is not trusted);
                // no FileStream buffer: the copy reads 1 MiB at a time, straight into its own buffer.
                var file = SafeFiles.OpenRegularFile(path!);
                await using (file.ConfigureAwait(false))
                {
                    await file.CopyToAsync(sink, 1 << 20, ct).ConfigureAwait(false);
                }
            },
        };

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
            return (kind, digest, size);
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
        return (kind, digest, size);
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
