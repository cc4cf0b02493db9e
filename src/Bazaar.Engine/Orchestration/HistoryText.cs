using System.Globalization;
using Bazaar.Products;
using Bazaar.Remotes;

namespace Bazaar.Orchestration;

/// <summary>
/// Bounds the text a <see cref="StepResult"/> carries through the orchestration. An activity's
/// result, and the run's result made of them, are stored in the orchestration's history, whose
/// messages the engine caps (the Azure Storage backend moves anything over about 60 KB to blobs, and
/// a run's output holds every step): a step that fails with a megabyte of output in its message would
/// make a run of many such steps too large to record. So <see cref="StepResult.Error"/> and
/// <see cref="StepResult.Note"/> travel cut at <see cref="MaxChars"/> characters, with a marker
/// saying where the whole text is, and without any SAS signature.
/// </summary>
internal static class HistoryText
{
    /// <summary>How many characters of a step's error or note travel through the orchestration.</summary>
    public const int MaxChars = 2048;

    /// <summary>The result an activity returns: its record with the text cut, the whole in the step record and log.</summary>
    /// <param name="record">The step record, as stored.</param>
    /// <param name="runId">The run.</param>
    /// <returns>The result for the history.</returns>
    public static StepResult ForHistory(StepResult record, string runId)
    {
        ArgumentNullException.ThrowIfNull(record);
        var where = record.Log is { } log
            ? $"the step record (runs/{runId}/steps/{record.Step}.json, GET /api/runs/{runId}) and the step's log ({log})"
            : $"the step record (runs/{runId}/steps/{record.Step}.json, GET /api/runs/{runId})";
        return Cut(record, where);
    }

    /// <summary>A result the orchestrator made from a failure it was told of (an activity or shard that could not run).</summary>
    /// <param name="result">The result.</param>
    /// <returns>The result for the history.</returns>
    public static StepResult ForHistory(StepResult result) =>
        Cut(result, "the failure details of the run's orchestration history and the host's log");

    /// <summary>Cuts a text at <see cref="MaxChars"/> characters, ending it with a marker that says where the whole is.</summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <param name="where">Where the whole text is.</param>
    /// <returns>The text, whole when it is short enough.</returns>
    public static string? Cap(string? text, string where)
    {
        if (text is null || text.Length <= MaxChars)
        {
            return text;
        }

        var marker = string.Create(CultureInfo.InvariantCulture, $" … [cut at {MaxChars} of {text.Length} characters; the whole text is in {where}]");
        var keep = Math.Max(0, MaxChars - marker.Length);

        // Never half a surrogate pair: the cut text must still be valid UTF-16 (and UTF-8 when stored).
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), marker);
    }

    private static StepResult Cut(StepResult result, string where) => result with
    {
        Error = Cap(SecretRedactor.RedactSas(result.Error), where),
        Note = Cap(SecretRedactor.RedactSas(result.Note), where),
    };
}
