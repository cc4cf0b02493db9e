using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Bazaar.Products;

/// <content>Content by digest: hashed whole, kept once, streamed back out verified.</content>
internal sealed partial class InMemoryProductStore
{
    private readonly ConcurrentDictionary<string, byte[]> content = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public async Task<ProductRef> StageAsync(string runId, string name, string? localPath, ProductProducer producer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(producer);
        _ = BlobLayout.Product(runId, name); // refuses a bad run id or name, as the blob store does
        var kind = ProductContent.KindOf(runId, name, localPath);
        using var buffer = new MemoryStream();
        await ProductContent.Writer(kind, localPath)(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        var digest = BlobLayout.DigestOf(SHA256.HashData(bytes));

        // Written once, never overwritten: the same digest is the same bytes.
        this.content.TryAdd(BlobLayout.Content(digest), bytes);
        return new ProductRef
        {
            Name = name,
            Digest = digest,
            Size = bytes.LongLength,
            Kind = kind,
            Producer = producer,
            CreatedAt = this.timeProvider.GetUtcNow(),
        };
    }

    /// <inheritdoc/>
    public Task MaterializeAsync(ProductRef product, string targetPath, CancellationToken cancellationToken) =>
        ProductContent.MaterializeAsync(product, targetPath, _ => Task.FromResult(this.OpenVerifying(product)), this.options, cancellationToken);

    /// <inheritdoc/>
    public Task<Stream> OpenReadAsync(ProductRef product, CancellationToken cancellationToken) => Task.FromResult<Stream>(this.OpenVerifying(product));

    /// <inheritdoc/>
    public Task<bool> ContentExistsAsync(string digest, CancellationToken cancellationToken) =>
        Task.FromResult(this.content.ContainsKey(BlobLayout.Content(digest)));

    private VerifyingReadStream OpenVerifying(ProductRef product)
    {
        ArgumentNullException.ThrowIfNull(product);
        var name = BlobLayout.Content(product.Digest);
        return this.content.TryGetValue(name, out var bytes)
            ? new VerifyingReadStream(new MemoryStream(bytes, writable: false), product)
            : throw new BazaarException(
                $"The content of product '{product.Name}' ({product.Digest}) is missing: there is no {name} in this in-memory store. " +
                "Store the product again (rerun the step that made it).");
    }
}
