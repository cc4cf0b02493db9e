using Bazaar.Graphs;
using Bazaar.Orchestration;

namespace Bazaar.Http;

/// <content>Step logs.</content>
public sealed partial class RunCatalog
{
    /// <summary>
    /// Opens a step's log, the last attempt's unless <paramref name="attempt"/> says which, from
    /// <paramref name="offset"/>: a reader that follows a running step opens it again from where it
    /// stopped.
    /// </summary>
    /// <param name="client">The Durable Task client of the task hub.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="step">The step's name.</param>
    /// <param name="attempt">The attempt, from 1; the last when <see langword="null"/>.</param>
    /// <param name="offset">The first byte to read.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The step's record, the attempt read and the log's content from the offset.</returns>
    /// <exception cref="RunNotFoundException">There is no such run.</exception>
    /// <exception cref="NotFoundException">The graph has no such step, it has not started, or it has no such attempt or log.</exception>
    public Task<StepLogRead> OpenLogAsync(
        Microsoft.DurableTask.Client.DurableTaskClient client, string id, string step, int? attempt, long offset, CancellationToken cancellationToken) =>
        this.OpenAsync(client, id, step, attempt, _ => offset, cancellationToken);

    /// <summary>
    /// Opens the last <paramref name="tail"/> bytes of a step's log (all of it when shorter): a viewer
    /// shows the end of a long log first and reads backwards or onwards from there by offset.
    /// </summary>
    /// <param name="client">The Durable Task client of the task hub.</param>
    /// <param name="id">The run's id.</param>
    /// <param name="step">The step's name.</param>
    /// <param name="attempt">The attempt, from 1; the last when <see langword="null"/>.</param>
    /// <param name="tail">How many bytes from the end.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The step's record, the attempt read and the log's content from where the tail starts (<see cref="StepLogRead.Offset"/>).</returns>
    /// <exception cref="RunNotFoundException">There is no such run.</exception>
    /// <exception cref="NotFoundException">The graph has no such step, it has not started, or it has no such attempt or log.</exception>
    public Task<StepLogRead> OpenLogTailAsync(
        Microsoft.DurableTask.Client.DurableTaskClient client, string id, string step, int? attempt, long tail, CancellationToken cancellationToken) =>
        this.OpenAsync(client, id, step, attempt, length => Math.Max(0, length - tail), cancellationToken);

    private async Task<StepLogRead> OpenAsync(
        Microsoft.DurableTask.Client.DurableTaskClient client, string id, string step, int? attempt, Func<long, long> offsetOf, CancellationToken cancellationToken)
    {
        var (_, run) = await LoadAsync(client, id, cancellationToken).ConfigureAwait(false);
        var definition = run.Graph.Steps.FirstOrDefault(s => s.Name == step)
            ?? throw new NotFoundException($"Run '{id}' has no step '{step}'. Its steps: {List(run.Graph.Steps.Select(s => s.Name))}.");
        if (definition.Run is null)
        {
            throw new NotFoundException($"Step '{step}' of run '{id}' writes no log: it has no run, it only makes its products exist.");
        }

        var record = await records.GetStepRecordAsync(id, step, cancellationToken).ConfigureAwait(false);
        if (record is null || record.Attempts < 1)
        {
            throw new NotFoundException($"Step '{step}' of run '{id}' has not started, so it has no log yet.");
        }

        if (attempt > record.Attempts)
        {
            throw new NotFoundException($"Step '{step}' of run '{id}' has made {record.Attempts} attempt(s); there is no attempt {attempt}.");
        }

        var number = attempt ?? record.Attempts;
        // The length first: a log that grows between the two reads only gives more past the offset.
        var length = await logs.GetLogLengthAsync(id, step, number, cancellationToken).ConfigureAwait(false);
        var offset = length is { } known ? offsetOf(known) : 0;
        var content = length is null ? null : await logs.OpenLogReadAsync(id, step, number, offset, cancellationToken).ConfigureAwait(false);
        return content is null
            ? throw new NotFoundException(record.Log is null && record.State != StepState.Running
                ? $"Step '{step}' of run '{id}' wrote no log: it ran nothing ({record.Behavior ?? "it made no attempt"})."
                : $"Step '{step}' of run '{id}' has no log for attempt {number}.")
            : new StepLogRead(record, number, content) { Offset = offset, Length = length!.Value };
    }

    private static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count <= 20 ? string.Join(", ", all) : string.Join(", ", all.Take(20)) + $" and {all.Count - 20} more";
    }
}
