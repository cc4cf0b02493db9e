namespace Bazaar.Products;

/// <summary>
/// The shared shape of Bazaar's forward-only sinks: writable, not readable or seekable, with the
/// position being the number of bytes written so far.
/// </summary>
internal abstract class WriteOnlyStream : Stream
{
    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => this.Written;

    /// <inheritdoc/>
    public override long Position
    {
        get => this.Written;
        set => throw new NotSupportedException();
    }

    /// <summary>Gets how many bytes have been written.</summary>
    protected abstract long Written { get; }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
}
