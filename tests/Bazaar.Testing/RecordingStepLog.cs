using Bazaar.Remotes;

namespace Bazaar.Testing;

/// <summary>An in-memory <see cref="IStepLog"/> that keeps every line; safe to write from several threads.</summary>
public sealed class RecordingStepLog : IStepLog
{
    private readonly Lock gate = new();
    private readonly List<string> lines = [];
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource Signal)> waiters = [];
    private volatile bool disposed;

    /// <summary>Gets or sets how many lines <see cref="Tail"/> returns.</summary>
    public int TailSize { get; init; } = 20;

    /// <summary>Gets a copy of the lines written so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (this.gate)
            {
                return [.. this.lines];
            }
        }
    }

    /// <summary>Gets a value indicating whether the log was disposed.</summary>
    public bool IsDisposed => this.disposed;

    /// <inheritdoc/>
    public ValueTask WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(this.disposed, this);
        lock (this.gate)
        {
            this.lines.Add(line);
            for (var i = this.waiters.Count - 1; i >= 0; i--)
            {
                if (this.waiters[i].Predicate(line))
                {
                    this.waiters[i].Signal.TrySetResult();
                    this.waiters.RemoveAt(i);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Tail()
    {
        lock (this.gate)
        {
            return this.lines.Skip(Math.Max(0, this.lines.Count - this.TailSize)).ToArray();
        }
    }

    /// <summary>Waits until a line matching <paramref name="predicate"/> has been written (or already was).</summary>
    /// <param name="predicate">Which line.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when such a line exists.</returns>
    public Task WaitForLineAsync(Func<string, bool> predicate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (this.gate)
        {
            if (this.lines.Any(predicate))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            this.waiters.Add((predicate, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        this.disposed = true;
        return ValueTask.CompletedTask;
    }
}
