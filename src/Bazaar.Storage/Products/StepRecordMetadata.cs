using System.Globalization;
using Bazaar.Graphs;

namespace Bazaar.Products;

/// <summary>
/// The summary of a step record kept in its blob's metadata, so that one listing of a run's step
/// records gives every step's state without reading each record.
/// </summary>
internal static class StepRecordMetadata
{
    private const string State = "state";
    private const string Remote = "remote";
    private const string Attempts = "attempts";
    private const string StartedAt = "startedAt";
    private const string EndedAt = "endedAt";
    private const string ExitCode = "exitCode";

    public static Dictionary<string, string> From(StepResult record)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [State] = record.State.ToString(),
            [Attempts] = record.Attempts.ToString(CultureInfo.InvariantCulture),
        };
        if (record.Remote is { } remote)
        {
            metadata[Remote] = remote;
        }

        if (record.StartedAt is { } started)
        {
            metadata[StartedAt] = started.ToString("O", CultureInfo.InvariantCulture);
        }

        if (record.EndedAt is { } ended)
        {
            metadata[EndedAt] = ended.ToString("O", CultureInfo.InvariantCulture);
        }

        if (record.ExitCode is { } exitCode)
        {
            metadata[ExitCode] = exitCode.ToString(CultureInfo.InvariantCulture);
        }

        return metadata;
    }

    /// <summary>Reads a summary back; <see langword="null"/> for a blob without one (not a step record).</summary>
    public static StepResult? Read(string step, IDictionary<string, string> metadata)
    {
        // Metadata names come back in whatever case the service stores; compare without case.
        var values = new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);
        if (!values.TryGetValue(State, out var state) || !Enum.TryParse<StepState>(state, out var parsed))
        {
            return null;
        }

        return new StepResult
        {
            Step = step,
            State = parsed,
            Remote = values.GetValueOrDefault(Remote),
            Attempts = int.TryParse(values.GetValueOrDefault(Attempts), CultureInfo.InvariantCulture, out var attempts) ? attempts : 0,
            StartedAt = Time(values.GetValueOrDefault(StartedAt)),
            EndedAt = Time(values.GetValueOrDefault(EndedAt)),
            ExitCode = int.TryParse(values.GetValueOrDefault(ExitCode), CultureInfo.InvariantCulture, out var exitCode) ? exitCode : null,
        };
    }

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;
}
