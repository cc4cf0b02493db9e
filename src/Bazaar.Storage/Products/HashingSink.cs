using System.Buffers;
using System.Security.Cryptography;

namespace Bazaar.Products;

/// <summary>
/// A write-only stream that hashes and counts what goes through it. It keeps nothing, unless asked
/// to keep small content: then what is written stays in one pooled buffer while it fits, so small
/// content can be uploaded from memory without reading it a second time.
/// </summary>
internal sealed class HashingSink : WriteOnlyStream
{
    private const int MinKeptBuffer = 64 << 10;

    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly int keepLimit;
    private readonly long sizeHint;
    private bool keeping;
    private byte[]? kept;
    private long length;

    /// <summary>Initializes a new instance of the <see cref="HashingSink"/> class that keeps nothing.</summary>
    public HashingSink()
        : this(0, 0)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="HashingSink"/> class.</summary>
    /// <param name="keepLimit">Keep what is written while it is at most this many bytes; 0 keeps nothing.</param>
    /// <param name="sizeHint">The size expected, if known, so the buffer is rented once at the right size; 0 when unknown.</param>
    public HashingSink(int keepLimit, long sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepLimit);
        this.keepLimit = keepLimit;
        this.sizeHint = sizeHint;
        this.keeping = keepLimit > 0;
    }

    /// <summary>Gets the digest of everything written, <c>sha256:&lt;hex&gt;</c>; call once, at the end.</summary>
    /// <returns>The digest.</returns>
    public string GetDigest() => BlobLayout.DigestOf(this.hash.GetHashAndReset());

    /// <summary>Gets everything written, when the sink was asked to keep it and it fit.</summary>
    /// <param name="content">The content: a view of the sink's pooled buffer, valid until the sink is disposed.</param>
    /// <returns>Whether the whole content was kept.</returns>
    public bool TryGetContent(out ArraySegment<byte> content)
    {
        content = this.keeping ? new ArraySegment<byte>(this.kept ?? [], 0, (int)this.length) : default;
        return this.keeping;
    }

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
        if (this.keeping)
        {
            this.Keep(buffer);
        }

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
            this.ReleaseKept();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override long Written => this.length;

    private void Keep(ReadOnlySpan<byte> buffer)
    {
        var needed = this.length + buffer.Length;
        if (needed > this.keepLimit)
        {
            // Too big to keep: from here on the sink only hashes, and the content is read again to upload it.
            this.keeping = false;
            this.ReleaseKept();
            return;
        }

        if (this.kept is null || this.kept.Length < needed)
        {
            var size = Math.Min(this.keepLimit, Math.Max(needed, Math.Max(this.sizeHint, 2L * (this.kept?.Length ?? MinKeptBuffer / 2))));
            var grown = ArrayPool<byte>.Shared.Rent((int)size);
            this.kept?.AsSpan(0, (int)this.length).CopyTo(grown);
            this.ReleaseKept();
            this.kept = grown;
        }

        buffer.CopyTo(this.kept.AsSpan((int)this.length));
    }

    private void ReleaseKept()
    {
        if (this.kept is not null)
        {
            ArrayPool<byte>.Shared.Return(this.kept);
            this.kept = null;
        }
    }
}
