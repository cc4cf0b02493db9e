using Microsoft.AspNetCore.Http;

namespace Bazaar.Http;

/// <summary>
/// Reads a request body and fails with a 413 once more than the limit has come through, whatever
/// the Content-Length said (a chunked body has none).
/// </summary>
internal sealed class LimitedReadStream(Stream inner, long limit) : Stream
{
    private long total;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => this.total; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => this.Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        this.Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        this.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        this.total += read;
        return this.total > limit
            ? throw new BadHttpRequestException($"the body passed this server's limit of {limit} bytes", StatusCodes.Status413PayloadTooLarge)
            : read;
    }
}
