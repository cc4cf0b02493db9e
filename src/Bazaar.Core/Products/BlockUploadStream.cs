using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Bazaar.Products;

/// <summary>
/// A write-only stream that uploads content to a content-addressed blob as blocks, hashing it on the
/// way, with at most two blocks in memory (one filling, one uploading). Nothing becomes visible until
/// <see cref="CommitAsync"/> finds the expected digest and commits on the condition that the blob does
/// not exist yet: content is written once and never overwritten.
/// </summary>
internal sealed class BlockUploadStream : WriteOnlyStream
{
    private readonly BlockBlobClient blob;
    private readonly int blockSize;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<string> blockIds = [];

    // Block ids are per upload, so two uploads of one digest at once never mix their uncommitted blocks.
    private readonly string uploadId = RandomNumberGenerator.GetHexString(16, lowercase: true);
    private byte[] current;
    private byte[] spare;
    private int filled;
    private long length;
    private Task? inFlight;

    /// <summary>Initializes a new instance of the <see cref="BlockUploadStream"/> class.</summary>
    /// <param name="blob">The content blob, <c>cas/sha256/&lt;hex&gt;</c>.</param>
    /// <param name="expectedSize">The content's size, to choose a block size within the 50,000-block limit.</param>
    public BlockUploadStream(BlockBlobClient blob, long expectedSize)
    {
        this.blob = blob;
        const int minBlock = 4 << 20;
        this.blockSize = (int)Math.Min(Math.Max(minBlock, (expectedSize / 49_000) + 1), 256 << 20);
        this.current = ArrayPool<byte>.Shared.Rent(this.blockSize);
        this.spare = ArrayPool<byte>.Shared.Rent(this.blockSize);
    }

    /// <summary>Gets how many blocks were uploaded.</summary>
    public int Blocks => this.blockIds.Count;


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

        var conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            if (this.blockIds.Count == 0)
            {
                // Small content goes up in one request.
                using var content = new MemoryStream(this.current, 0, this.filled, writable: false);
                await this.blob.UploadAsync(content, new BlobUploadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                if (this.filled > 0)
                {
                    await this.StageCurrentAsync(cancellationToken).ConfigureAwait(false);
                }

                await this.inFlight!.ConfigureAwait(false);
                await this.blob.CommitBlockListAsync(this.blockIds, new CommitBlockListOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
            }

            return (digest, true);
        }
        catch (RequestFailedException e) when (e.Status == 409 || (e.Status == 412 && e.ErrorCode == BlobErrorCode.ConditionNotMet))
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
                await this.StageCurrentAsync(cancellationToken).ConfigureAwait(false);
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
        if (this.inFlight is not null)
        {
            try
            {
                await this.inFlight.ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                // An abandoned upload: its uncommitted blocks expire on their own.
            }
            catch (OperationCanceledException)
            {
            }
        }

        this.Release();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && (this.inFlight is null || this.inFlight.IsCompleted))
        {
            // Buffers of a block still uploading are left to the GC rather than returned to the pool.
            this.Release();
        }

        base.Dispose(disposing);
    }

    private void Release()
    {
        if (this.current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(this.current);
            ArrayPool<byte>.Shared.Return(this.spare);
            this.current = [];
            this.spare = [];
            this.hash.Dispose();
        }
    }

    private async Task StageCurrentAsync(CancellationToken cancellationToken)
    {
        if (this.inFlight is not null)
        {
            await this.inFlight.ConfigureAwait(false);
        }

        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{this.uploadId}-{this.blockIds.Count:D6}"));
        this.blockIds.Add(id);
        this.inFlight = this.StageAsync(id, this.current, this.filled, cancellationToken);
        (this.current, this.spare) = (this.spare, this.current);
        this.filled = 0;
    }

    private async Task StageAsync(string id, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(buffer, 0, count, writable: false);
        await this.blob.StageBlockAsync(id, content, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override long Written => this.length;
}
