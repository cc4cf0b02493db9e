namespace Bazaar.Remotes;

/// <summary>
/// The step log every remote writes to: secrets and SAS signatures are redacted before a line
/// reaches the sink, so no value is stored, tailed into an error, or served by the API. With
/// secrets, the log is redacted as one stream (<see cref="LogRedaction"/>): a multi-line value, or
/// one written in two pieces, is found across the writes.
/// </summary>
public sealed class RedactingStepLog : IStepLog
{
    private readonly IStepLog inner;
    private readonly LogRedaction? stream;

    // Writes come from several pumps at once (stdout, stderr); the stream is one, and the lines it
    // decides must reach the sink in the order they were decided.
    private readonly SemaphoreSlim order = new(1, 1);
    private readonly Lock gate = new();
    private bool finished;

    /// <summary>Initializes a new instance of the <see cref="RedactingStepLog"/> class.</summary>
    /// <param name="inner">The sink.</param>
    /// <param name="redactor">The step's secret values.</param>
    public RedactingStepLog(IStepLog inner, SecretRedactor redactor)
    {
        this.inner = inner;
        this.stream = redactor.IsEmpty ? null : new LogRedaction(redactor);
    }

    /// <inheritdoc/>
    public async ValueTask WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (this.stream is null)
        {
            await this.inner.WriteLineAsync(SecretRedactor.RedactSas(line), cancellationToken).ConfigureAwait(false);
            return;
        }

        await this.order.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lines = new List<string>();
            lock (this.gate)
            {
                ObjectDisposedException.ThrowIf(this.finished, this);
                this.stream.Write(line, lines);
            }

            await this.PassOnAsync(lines, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            this.order.Release();
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Tail()
    {
        if (this.stream is null)
        {
            return this.inner.Tail();
        }

        // The lines held back (they may still be the start of a secret) are the newest: an error
        // message built from the tail must see them, redacted as if the log ended here.
        lock (this.gate)
        {
            List<string> held = this.finished ? [] : this.stream.Peek();
            return held.Count == 0 ? this.inner.Tail() : [.. this.inner.Tail(), .. held];
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (this.stream is not null)
        {
            await this.order.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                var lines = new List<string>();
                lock (this.gate)
                {
                    if (!this.finished)
                    {
                        this.finished = true;
                        this.stream.Finish(lines);
                    }
                }

                await this.PassOnAsync(lines, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                this.order.Release();
            }
        }

        await this.inner.DisposeAsync().ConfigureAwait(false);
    }

    private async Task PassOnAsync(List<string> lines, CancellationToken cancellationToken)
    {
        foreach (var line in lines)
        {
            await this.inner.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
        }
    }
}
