using System.Security.Cryptography;

namespace Bazaar.Products;

/// <summary>
/// Reads a product's stored content and checks it against its digest and size as it is consumed:
/// reading past the expected size, or reaching the end with another digest, throws
/// <see cref="ProductIntegrityException"/>.
/// </summary>
internal sealed class VerifyingReadStream : Stream
{
    private readonly Stream inner;
    private readonly ProductRef product;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long read;
    private bool verified;

    /// <summary>Initializes a new instance of the <see cref="VerifyingReadStream"/> class.</summary>
    /// <param name="inner">The stored content; disposed with this stream.</param>
    /// <param name="product">The product the content should be.</param>
    public VerifyingReadStream(Stream inner, ProductRef product)
    {
        this.inner = inner;
        this.product = product;
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => this.product.Size;

    /// <inheritdoc/>
    public override long Position
    {
        get => this.read;
        set => throw new NotSupportedException();
    }

    /// <summary>Reads to the end, so the digest is checked even when the reader stopped early (a tar's padding).</summary>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>A task that completes when the whole content was read and verified.</returns>
    public async Task ReadToEndAndVerifyAsync(CancellationToken cancellationToken)
    {
        await this.CopyToAsync(Stream.Null, 81920, cancellationToken).ConfigureAwait(false);
        this.Check(0, 1);
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => this.Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        var n = this.inner.Read(buffer);
        this.Account(buffer[..n]);
        return this.Check(n, buffer.Length);
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        this.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await this.inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        this.Account(buffer.Span[..n]);
        return this.Check(n, buffer.Length);
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            this.inner.Dispose();
            this.hash.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        await this.inner.DisposeAsync().ConfigureAwait(false);
        this.hash.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Account(ReadOnlySpan<byte> data)
    {
        this.hash.AppendData(data);
        this.read += data.Length;
        if (this.read > this.product.Size)
        {
            throw this.Mismatch("more bytes than recorded");
        }
    }

    private int Check(int n, int requested)
    {
        if (n == 0 && requested > 0 && !this.verified)
        {
            var actual = BlobLayout.DigestOf(this.hash.GetHashAndReset());
            if (this.read != this.product.Size || actual != this.product.Digest)
            {
                throw this.Mismatch($"{actual}, {this.read} bytes");
            }

            this.verified = true;
        }

        return n;
    }

    private ProductIntegrityException Mismatch(string got) => new(
        $"The stored content of product '{this.product.Name}' does not match its digest {this.product.Digest} " +
        $"({this.product.Size} bytes); got {got}. The blob {BlobLayout.Content(this.product.Digest)} was altered or damaged: " +
        "delete it and store the product again (rerun the step that made it).");
}
