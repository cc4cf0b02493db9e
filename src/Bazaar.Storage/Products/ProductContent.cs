using Bazaar.Files;
using Bazaar.Graphs;

namespace Bazaar.Products;

/// <summary>
/// A product's content on this machine's disk, the same whichever store keeps it: what a local path
/// holds (refusing what a step must not hand over), the bytes stored for it (a file's own, a
/// directory's reproducible tar, nothing for a marker), and stored content written back out, checked
/// against its digest and extracted safely.
/// </summary>
internal static class ProductContent
{
    /// <summary>Tells what a product's local path holds, refusing anything but a regular file or a directory.</summary>
    /// <param name="runId">The run, for messages.</param>
    /// <param name="name">The product, for messages.</param>
    /// <param name="localPath">The path, or <see langword="null"/> for a marker.</param>
    /// <returns>The product's kind.</returns>
    /// <exception cref="BazaarException">Nothing is at the path.</exception>
    /// <exception cref="UnsafeOutputException">A link, FIFO, socket or device is at the path.</exception>
    public static ProductKind KindOf(string runId, string name, string? localPath) =>
        (localPath, localPath is null ? FileKind.Missing : SafeFiles.KindOf(localPath)) switch
        {
            (null, _) => ProductKind.Marker,
            (_, FileKind.RegularFile) => ProductKind.File,
            (_, FileKind.Directory) => ProductKind.Directory,
            (_, FileKind.Missing) => throw new BazaarException(
                $"Product '{name}' of run '{runId}' should be at '{localPath}', but there is no file or folder there. " +
                "Check that the step writes it to the path its graph declares."),
            (_, var other) => throw new UnsafeOutputException(
                $"Product '{name}' of run '{runId}' at '{localPath}' is {SafeFiles.Describe(other, localPath)}; " +
                "Bazaar stores only regular files and directories and does not follow links. Make the step write a regular file or folder there."),
        };

    /// <summary>Gets what writes a product's content to a stream: nothing for a marker, a directory's reproducible tar, a file's bytes.</summary>
    /// <param name="kind">The product's kind, from <see cref="KindOf"/>.</param>
    /// <param name="path">The product's local path (unused for a marker).</param>
    /// <returns>The writer; it may be called more than once (a large product is read again to upload it).</returns>
    public static Func<Stream, CancellationToken, Task> Writer(ProductKind kind, string? path) => kind switch
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

    /// <summary>
    /// Writes a product's content to <paramref name="targetPath"/>: the file itself, or the directory
    /// extracted safely; a marker becomes an empty file. Nothing half-written or unverified is left behind.
    /// </summary>
    /// <param name="product">The product.</param>
    /// <param name="targetPath">Where to put it; must not exist yet.</param>
    /// <param name="open">Opens the stored content (not called for a marker).</param>
    /// <param name="limits">How much a directory may expand to.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>A task that completes when the content is in place.</returns>
    public static async Task MaterializeAsync(
        ProductRef product, string targetPath, Func<CancellationToken, Task<VerifyingReadStream>> open, ProductStoreOptions limits, CancellationToken cancellationToken)
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

        var content = await open(cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            try
            {
                if (product.Kind == ProductKind.Directory)
                {
                    var extractor = new SafeTarExtractor(product.Name, limits.MaxExtractedBytes, limits.MaxEntries);
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
    }

    /// <summary>Writes what a payload remote uploaded for an output to <paramref name="targetPath"/>: a file, or a tar extracted safely.</summary>
    /// <param name="upload">The uploaded content.</param>
    /// <param name="directory">Whether the upload is a directory's tar.</param>
    /// <param name="output">The declared output, for messages.</param>
    /// <param name="targetPath">Where to put it; must not exist yet.</param>
    /// <param name="limits">How much a directory may expand to.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>A task that completes when the content is in place.</returns>
    public static async Task WriteUploadAsync(
        Stream upload, bool directory, ProductOutput output, string targetPath, ProductStoreOptions limits, CancellationToken cancellationToken)
    {
        try
        {
            if (directory)
            {
                var extractor = new SafeTarExtractor(output.Name, limits.MaxExtractedBytes, limits.MaxEntries);
                await extractor.ExtractAsync(upload, targetPath, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(targetPath))!);
                var file = new FileStream(targetPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    await upload.CopyToAsync(file, 1 << 20, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            DeleteQuietly(targetPath);
            throw;
        }
    }

    /// <summary>Deletes a file or a folder, ignoring what cannot be deleted.</summary>
    /// <param name="path">The path.</param>
    public static void DeleteQuietly(string path)
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
}
