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
    public async Task<StepLogRead> OpenLogAsync(
        Microsoft.DurableTask.Client.DurableTaskClient client, string id, string step, int? attempt, long offset, CancellationToken cancellationToken)
    {
        var (_, run) = await LoadAsync(client, id, cancellationToken).ConfigureAwait(false);
        if (!run.Graph.Steps.Any(s => s.Name == step))
        {
            throw new NotFoundException($"Run '{id}' has no step '{step}'. Its steps: {List(run.Graph.Steps.Select(s => s.Name))}.");
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
        var content = await logs.OpenLogReadAsync(id, step, number, offset, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException(record.Log is null && record.State != StepState.Running
                ? $"Step '{step}' of run '{id}' wrote no log: it ran nothing ({record.Behavior ?? "it has no run"})."
                : $"Step '{step}' of run '{id}' has no log for attempt {number}.");
        return new StepLogRead(record, number, content);
    }

    private static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count <= 20 ? string.Join(", ", all) : string.Join(", ", all.Take(20)) + $" and {all.Count - 20} more";
    }
}
