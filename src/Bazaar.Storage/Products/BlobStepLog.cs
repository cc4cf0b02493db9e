using System.Text;
using Azure.Storage.Blobs.Specialized;
using Bazaar.Remotes;
using Microsoft.Extensions.Logging;

namespace Bazaar.Products;

/// <summary>
/// A step attempt's log on an append blob. Lines are buffered and appended when 64 KiB are buffered,
/// every flush interval, and on dispose, in blocks of at most 4 MiB. Past the cap one line says so and
/// the rest is dropped; storage failures are logged and never fail the step.
/// </summary>
internal sealed class BlobStepLog : IStepLog
{
    /// <summary>How many buffered bytes trigger an append.</summary>
    internal const int FlushBytes = 64 * 1024;

    /// <summary>The largest append block this writes.</summary>
    internal const int MaxBlockBytes = 4 * 1024 * 1024;

    /// <summary>How many lines <see cref="Tail"/> keeps.</summary>
    internal const int TailLines = 20;

    private readonly AppendBlobClient blob;
    private readonly long cap;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly SemaphoreSlim appendGate = new(1, 1);
    private readonly Queue<string> tail = new(TailLines);
    private readonly CancellationTokenSource stopping = new();
    private readonly PeriodicTimer timer;
    private readonly Task flusher;
    private MemoryStream buffer = new();
    private long accepted;
    private bool truncated;
    private bool disposed;

    /// <summary>Initializes a new instance of the <see cref="BlobStepLog"/> class.</summary>
    /// <param name="blob">The append blob, created already.</param>
    /// <param name="cap">How many bytes the log may hold.</param>
    /// <param name="flushInterval">How often buffered lines are appended.</param>
    /// <param name="timeProvider">The clock of the flush timer.</param>
    /// <param name="logger">The logger.</param>
    public BlobStepLog(AppendBlobClient blob, long cap, TimeSpan flushInterval, TimeProvider timeProvider, ILogger logger)
    {
        this.blob = blob;
        this.cap = cap;
        this.logger = logger;
        this.timer = new PeriodicTimer(flushInterval, timeProvider);
        this.flusher = Task.Run(this.FlushPeriodicallyAsync);
    }

    /// <inheritdoc/>
    public async ValueTask WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        bool full;
        lock (this.gate)
        {
            ObjectDisposedException.ThrowIf(this.disposed, this);
            if (this.tail.Count == TailLines)
            {
                this.tail.Dequeue();
            }

            // The tail keeps the latest lines even past the cap: they are what an error message needs.
            this.tail.Enqueue(line);
            if (this.truncated)
            {
                return;
            }

            var size = Encoding.UTF8.GetByteCount(line) + 1;
            if (this.accepted + size > this.cap)
            {
                this.truncated = true;
                this.Buffer($"[log truncated at {this.cap} bytes]");
                Logs.StepLogTruncated(this.logger, this.blob.Name, this.cap);
            }
            else
            {
                this.accepted += size;
                this.Buffer(line);
            }

            full = this.buffer.Length >= FlushBytes;
        }

        if (full)
        {
            await this.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Tail()
    {
        lock (this.gate)
        {
            return [.. this.tail];
        }
    }

    /// <summary>Appends whatever is buffered.</summary>
    /// <param name="cancellationToken">Cancels waiting for an append in progress.</param>
    /// <returns>A task that completes when the buffered lines are in the blob (or their loss logged).</returns>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await this.appendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            MemoryStream pending;
            lock (this.gate)
            {
                if (this.buffer.Length == 0)
                {
                    return;
                }

                pending = this.buffer;
                this.buffer = new MemoryStream();
            }

            await this.AppendAsync(pending).ConfigureAwait(false);
        }
        finally
        {
            this.appendGate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        lock (this.gate)
        {
            if (this.disposed)
            {
                return;
            }

            this.disposed = true;
        }

        await this.stopping.CancelAsync().ConfigureAwait(false);
        await this.flusher.ConfigureAwait(false);
        await this.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        this.timer.Dispose();
        this.stopping.Dispose();

        // appendGate is not disposed: a writer that raced dispose may still be waiting on it, and a
        // SemaphoreSlim whose wait handle was never asked for holds nothing to release.
    }

    private void Buffer(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        this.buffer.Write(bytes);
    }

    private async Task FlushPeriodicallyAsync()
    {
        try
        {
            while (await this.timer.WaitForNextTickAsync(this.stopping.Token).ConfigureAwait(false))
            {
                await this.FlushAsync(this.stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the last flush happens in DisposeAsync.
        }
    }

    private async Task AppendAsync(MemoryStream pending)
    {
        using (pending)
        {
            var data = pending.GetBuffer();
            var length = (int)pending.Length;
            for (var offset = 0; offset < length; offset += MaxBlockBytes)
            {
                var count = Math.Min(MaxBlockBytes, length - offset);
                try
                {
                    using var block = new MemoryStream(data, offset, count, writable: false);

                    // Not cancellable on purpose: a block half-sent on cancel would be lost or doubled.
                    await this.blob.AppendBlockAsync(block, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A log that cannot be written must not fail the step it logs; the loss is logged.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Logs.StepLogAppendFailed(this.logger, e, this.blob.Name, count);
                }
            }
        }
    }
}
