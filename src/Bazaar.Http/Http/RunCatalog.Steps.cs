using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.DurableTask.Client;

namespace Bazaar.Http;

/// <content>One step.</content>
public sealed partial class RunCatalog
{
    /// <summary>Reads one step of a run: its definition, its record so far, and its products' refs.</summary>
    internal async Task<StepView> GetStepAsync(DurableTaskClient client, string id, string step, CancellationToken cancellationToken)
    {
        var (_, run) = await LoadAsync(client, id, cancellationToken).ConfigureAwait(false);
        var definition = run.Graph.Steps.FirstOrDefault(s => s.Name == step)
            ?? throw new NotFoundException($"Run '{id}' has no step '{step}'. Its steps: {List(run.Graph.Steps.Select(s => s.Name))}.");
        var stored = await records.GetStepRecordAsync(id, step, cancellationToken).ConfigureAwait(false);
        var consumes = new List<StepProduct>();
        foreach (var name in definition.Consumes)
        {
            consumes.Add(new StepProduct(name, await refs.GetAsync(id, name, cancellationToken).ConfigureAwait(false)));
        }

        var produces = new List<StepProduct>();
        foreach (var output in definition.Produces)
        {
            produces.Add(new StepProduct(output.Name, await refs.GetAsync(id, output.Name, cancellationToken).ConfigureAwait(false)));
        }

        var record = stored ?? MarkerSteps.RecordOf(id, definition, name => produces.Find(p => p.Name == name)?.Ref);
        return new StepView
        {
            Step = step,
            Remote = definition.Remote.Type,
            Runs = definition.Run is not null,
            Record = record,
            Consumes = consumes,
            Produces = produces,
        };
    }
}
