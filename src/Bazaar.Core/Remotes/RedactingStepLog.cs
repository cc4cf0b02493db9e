namespace Bazaar.Remotes;

/// <summary>
/// The step log every remote writes to when the step has secrets: each line is redacted before it
/// reaches the sink, so no value is stored, tailed into an error, or served by the API.
/// </summary>
/// <param name="inner">The sink.</param>
/// <param name="redactor">The step's secret values.</param>
internal sealed class RedactingStepLog(IStepLog inner, SecretRedactor redactor) : IStepLog
{
    /// <inheritdoc/>
    public ValueTask WriteLineAsync(string line, CancellationToken cancellationToken) =>
        inner.WriteLineAsync(redactor.Redact(line)!, cancellationToken);

    /// <inheritdoc/>
    public IReadOnlyList<string> Tail() => inner.Tail();

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
