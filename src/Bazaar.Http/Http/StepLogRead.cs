using Bazaar.Orchestration;
using Bazaar.Products;

namespace Bazaar.Http;

/// <summary>A step's log opened for reading, with the record it was found through.</summary>
/// <param name="Record">The step's record when the log was opened: its state and attempts.</param>
/// <param name="Attempt">The attempt whose log this is.</param>
/// <param name="Content">The log's bytes from the offset asked for; the reader disposes it.</param>
public sealed record StepLogRead(StepResult Record, int Attempt, Stream Content)
{
    /// <summary>Gets the byte of the log <see cref="Content"/> starts at.</summary>
    public long Offset { get; init; }

    /// <summary>Gets how long the log was when it was opened, in bytes; a running step's grows on.</summary>
    public long Length { get; init; }
}
