using System.Buffers;
using System.Text;
using Bazaar.Remotes;

namespace Bazaar.Products;

/// <summary>
/// A step attempt's log in memory: each line is appended as it is written (nothing to flush), up to
/// the cap, past which one line says so and the rest is dropped, as <see cref="BlobStepLog"/> does.
/// </summary>
/// <param name="content">The log's stored bytes, shared by every writer and reader of the attempt.</param>
/// <param name="cap">How many bytes this writer may add.</param>
internal sealed class InMemoryStepLog(InMemoryStepLog.Content content, long cap) : IStepLog
{
    private readonly Lock gate = new();
    private readonly Queue<string> tail = new(BlobStepLog.TailLines);
    private long accepted;
    private bool truncated;
    private bool disposed;

    /// <inheritdoc/>
    public ValueTask WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (this.gate)
        {
            ObjectDisposedException.ThrowIf(this.disposed, this);
            if (this.tail.Count == BlobStepLog.TailLines)
            {
                this.tail.Dequeue();
            }

            this.tail.Enqueue(line);
            if (this.truncated)
            {
                return ValueTask.CompletedTask;
            }

            var size = Encoding.UTF8.GetByteCount(line) + 1;
            if (this.accepted + size > cap)
            {
                this.truncated = true;
                content.Append($"[log truncated at {cap} bytes]");
            }
            else
            {
                this.accepted += size;
                content.Append(line);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Tail()
    {
        lock (this.gate)
        {
            return [.. this.tail];
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        lock (this.gate)
        {
            this.disposed = true;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The bytes of one attempt's log.</summary>
    internal sealed class Content
    {
        private readonly Lock gate = new();
        private readonly ArrayBufferWriter<byte> bytes = new();

        /// <summary>Appends a line and its terminator.</summary>
        /// <param name="line">The line.</param>
        public void Append(string line)
        {
            var data = Encoding.UTF8.GetBytes(line + "\n");
            lock (this.gate)
            {
                this.bytes.Write(data);
            }
        }

        /// <summary>Gets how many bytes are stored.</summary>
        public long Length
        {
            get
            {
                lock (this.gate)
                {
                    return this.bytes.WrittenCount;
                }
            }
        }

        /// <summary>Reads what is stored from an offset; at or past the end, nothing.</summary>
        /// <param name="offset">The first byte.</param>
        /// <returns>A stream of a copy of the bytes.</returns>
        public Stream ReadFrom(long offset)
        {
            lock (this.gate)
            {
                return offset >= this.bytes.WrittenCount
                    ? Stream.Null
                    : new MemoryStream(this.bytes.WrittenSpan[(int)offset..].ToArray(), writable: false);
            }
        }
    }
}
