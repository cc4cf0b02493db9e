using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Spectre.Console;

namespace Bazaar.Cli.Output;

/// <summary>
/// Shows a run while it goes: a live table on a terminal, or one line per step state change
/// otherwise. Fed by the activity on this host through <see cref="IStepObserver"/>.
/// </summary>
internal sealed class RunProgressView(CliConsole console, GraphDefinition graph) : IStepObserver
{
    private const int MaxRows = 25;

    private readonly Lock gate = new();
    private readonly Dictionary<string, StepResult> steps = [];

    public void OnStepStarted(string runId, StepResult record) => this.Update(record);

    public void OnStepEnded(string runId, StepResult record) => this.Update(record);

    /// <summary>Runs <paramref name="wait"/> while showing progress; returns what it returns.</summary>
    public async Task<T> FollowAsync<T>(Func<Task<T>> wait)
    {
        if (!console.IsInteractive)
        {
            return await wait();
        }

        T result = default!;
        await console.Progress.Live(this.Render()).AutoClear(true).StartAsync(async live =>
        {
            var task = wait();
            while (await Task.WhenAny(task, Task.Delay(150)) != task)
            {
                live.UpdateTarget(this.Render());
            }

            result = await task;
        });
        return result;
    }

    private void Update(StepResult record)
    {
        lock (this.gate)
        {
            this.steps[record.Step] = record;
            if (!console.IsInteractive)
            {
                var detail = record.State switch
                {
                    StepState.Running => record.Attempts > 1 ? $"attempt {record.Attempts}" : string.Empty,
                    StepState.Failed => $"{Format.Duration(record.Duration)} exit {record.ExitCode?.ToString() ?? "-"}",
                    _ => Format.Duration(record.Duration),
                };
                console.Progress.WriteLine($"{DateTime.Now:HH:mm:ss} {record.Step} {StateStyle.Name(record.State)} {detail}".TrimEnd());
            }
        }
    }

    private Table Render()
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("Step", "State", "Time");
        lock (this.gate)
        {
            var done = this.steps.Values.Count(s => s.State.IsSatisfied() || s.State == StepState.Failed);
            table.Title($"{done}/{graph.Steps.Count} steps done");

            // A big graph shows what matters now (running and failed steps), not a screenful of rows.
            var shown = graph.Steps.Count <= MaxRows
                ? graph.Steps.Select(s => s.Name)
                : this.steps.Values.Where(r => r.State is StepState.Running or StepState.Failed).Select(r => r.Step).Take(MaxRows);
            foreach (var name in shown)
            {
                var record = this.steps.GetValueOrDefault(name);
                var state = record?.State ?? StepState.NotStarted;
                var time = record?.StartedAt is { } start ? Format.Duration((record.EndedAt ?? DateTimeOffset.UtcNow) - start) : string.Empty;
                table.AddRow(Markup.Escape(name), $"[{StateStyle.Color(state)}]{StateStyle.Name(state)}[/]", time);
            }
        }

        return table;
    }
}
