using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Bazaar.Products;

/// <summary>
/// A write-only stream that uploads content to a content-addressed blob as blocks, hashing it on the
/// way, with at most <see cref="MaxBlocksInFlight"/> blocks uploading at once and one more filling.
/// Nothing becomes visible until <see cref="CommitAsync"/> finds the expected digest and commits on
/// the condition that the blob does not exist yet: content is written once and never overwritten.
/// </summary>
internal sealed class BlockUploadStream : WriteOnlyStream
{
    /// <summary>
    /// How many blocks upload at once. One block at a time left the connection idle while the next
    /// block was read and hashed; the raw client keeps several in flight. Memory is bounded by
    /// (this + 1) blocks: 36 MiB for content up to ~190 GiB, where blocks are 4 MiB.
    /// </summary>
    internal const int MaxBlocksInFlight = 8;

    private readonly BlockBlobClient blob;
    private readonly int blockSize;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<string> blockIds = [];
    private readonly Queue<(Task Upload, byte[] Buffer)> inFlight = new();

    // Block ids are per upload, so two uploads of one digest at once never mix their uncommitted blocks.
    private readonly string uploadId = RandomNumberGenerator.GetHexString(16, lowercase: true);
    private byte[] current;
    private int filled;
    private long length;

    /// <summary>Initializes a new instance of the <see cref="BlockUploadStream"/> class.</summary>
    /// <param name="blob">The content blob, <c>cas/sha256/&lt;hex&gt;</c>.</param>
    /// <param name="expectedSize">The content's size, to choose a block size within the 50,000-block limit.</param>
    public BlockUploadStream(BlockBlobClient blob, long expectedSize)
    {
        this.blob = blob;
        const int minBlock = 4 << 20;
        this.blockSize = (int)Math.Min(Math.Max(minBlock, (expectedSize / 49_000) + 1), 256 << 20);
        this.current = ArrayPool<byte>.Shared.Rent(this.blockSize);
    }

    /// <summary>Gets how many blocks were uploaded.</summary>
    public int Blocks => this.blockIds.Count;

    /// <summary>
    /// Uploads content held in memory in one request, on the condition that the blob does not exist
    /// yet. When it exists (stored before, or by someone else meanwhile) that is success too.
    /// </summary>
    /// <param name="blob">The content blob, <c>cas/sha256/&lt;hex&gt;</c>, named by the digest of <paramref name="content"/>.</param>
    /// <param name="content">The content.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>Whether this upload created the blob.</returns>
    public static async Task<bool> UploadOnceAsync(BlockBlobClient blob, ArraySegment<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            using var stream = new MemoryStream(content.Array ?? [], content.Offset, content.Count, writable: false);
            await blob.UploadAsync(stream, new BlobUploadOptions { Conditions = IfAbsent() }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (IsAlreadyStored(e))
        {
            return false;
        }
    }

    /// <summary>
    /// Uploads what is left and commits the blob, provided the content written has
    /// <paramref name="expectedDigest"/>. When the blob exists already (someone stored the same
    /// content meanwhile) that is success too.
    /// </summary>
    /// <param name="expectedDigest">The digest computed before uploading.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The digest of what was written, and whether this upload created the blob.</returns>
    public async Task<(string Digest, bool Created)> CommitAsync(string expectedDigest, CancellationToken cancellationToken)
    {
        var digest = BlobLayout.DigestOf(this.hash.GetHashAndReset());
        if (digest != expectedDigest)
        {
            return (digest, false);
        }

        if (this.blockIds.Count == 0)
        {
            // Content that fits one block goes up in one request.
            return (digest, await UploadOnceAsync(this.blob, new ArraySegment<byte>(this.current, 0, this.filled), cancellationToken).ConfigureAwait(false));
        }

        if (this.filled > 0)
        {
            this.StageCurrent(cancellationToken);
        }

        while (this.inFlight.TryPeek(out var block))
        {
            await block.Upload.ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(this.inFlight.Dequeue().Buffer);
        }

        try
        {
            await this.blob.CommitBlockListAsync(this.blockIds, new CommitBlockListOptions { Conditions = IfAbsent() }, cancellationToken).ConfigureAwait(false);
            return (digest, true);
        }
        catch (RequestFailedException e) when (IsAlreadyStored(e))
        {
            // Already there: the name is the digest, so it holds these very bytes.
            return (digest, false);
        }
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        this.hash.AppendData(buffer.Span);
        this.length += buffer.Length;
        while (!buffer.IsEmpty)
        {
            var n = Math.Min(this.blockSize - this.filled, buffer.Length);
            buffer.Span[..n].CopyTo(this.current.AsSpan(this.filled));
            this.filled += n;
            buffer = buffer[n..];
            if (this.filled == this.blockSize)
            {
                this.StageCurrent(cancellationToken);
                this.current = await this.NextBufferAsync().ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        this.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("BlockUploadStream uploads as it is written: use WriteAsync.");

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        while (this.inFlight.TryDequeue(out var block))
        {
            // An abandoned upload: whatever failed was reported by the write or commit that saw it, and
            // uncommitted blocks expire on their own. Waiting is what lets the buffer go back to the pool.
            await block.Upload.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ArrayPool<byte>.Shared.Return(block.Buffer);
        }

        this.Release();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Buffers of blocks still uploading are left to the GC rather than returned to the pool.
            while (this.inFlight.TryPeek(out var block) && block.Upload.IsCompleted)
            {
                ArrayPool<byte>.Shared.Return(this.inFlight.Dequeue().Buffer);
            }

            this.Release();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override long Written => this.length;

    private static BlobRequestConditions IfAbsent() => new() { IfNoneMatch = ETag.All };

    private static bool IsAlreadyStored(RequestFailedException e) =>
        e.Status == 409 || (e.Status == 412 && e.ErrorCode == BlobErrorCode.ConditionNotMet);

    private void Release()
    {
        if (this.current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(this.current);
            this.current = [];
        }

        this.hash.Dispose();
    }

    /// <summary>Starts uploading the filled block; the caller gives <see cref="current"/> a new buffer.</summary>
    private void StageCurrent(CancellationToken cancellationToken)
    {
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{this.uploadId}-{this.blockIds.Count:D6}"));
        this.blockIds.Add(id);
        this.inFlight.Enqueue((this.StageAsync(id, this.current, this.filled, cancellationToken), this.current));
        this.current = [];
        this.filled = 0;
    }

    /// <summary>A fresh buffer while fewer than <see cref="MaxBlocksInFlight"/> blocks upload; else the oldest block's, once it is up.</summary>
    private async Task<byte[]> NextBufferAsync()
    {
        if (this.inFlight.Count < MaxBlocksInFlight)
        {
            return ArrayPool<byte>.Shared.Rent(this.blockSize);
        }

        // A failed block fails the write here; the queue keeps it, so disposing still waits for it.
        await this.inFlight.Peek().Upload.ConfigureAwait(false);
        return this.inFlight.Dequeue().Buffer;
    }

    private async Task StageAsync(string id, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(buffer, 0, count, writable: false);
        await this.blob.StageBlockAsync(id, content, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
