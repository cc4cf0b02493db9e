using System.Security.Cryptography;

namespace Bazaar.Products;

/// <summary>A write-only stream that keeps nothing: it only hashes and counts what goes through it.</summary>
internal sealed class HashingSink : WriteOnlyStream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long length;


    /// <summary>Gets the digest of everything written, <c>sha256:&lt;hex&gt;</c>; call once, at the end.</summary>
    /// <returns>The digest.</returns>
    public string GetDigest() => BlobLayout.DigestOf(this.hash.GetHashAndReset());

    /// <summary>Hashes a whole stream.</summary>
    /// <param name="source">The stream, read to its end.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The digest and the number of bytes.</returns>
    public static async Task<(string Digest, long Size)> HashAsync(Stream source, CancellationToken cancellationToken)
    {
        using var sink = new HashingSink();
        await source.CopyToAsync(sink, 1 << 20, cancellationToken).ConfigureAwait(false);
        return (sink.GetDigest(), sink.Length);
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => this.Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        this.hash.AppendData(buffer);
        this.length += buffer.Length;
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        this.Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        this.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            this.hash.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override long Written => this.length;
}
