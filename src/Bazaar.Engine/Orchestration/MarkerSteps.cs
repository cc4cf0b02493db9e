using Bazaar.Graphs;
using Bazaar.Products;

namespace Bazaar.Orchestration;

/// <summary>
/// A step without <c>run</c> only makes its products exist (BazaarCI's step without a target), so the refs
/// of its products are its record: when it succeeds at its first attempt it writes them and no step record
/// (one storage write per product, not two: issue 16), and readers take it as succeeded once every product
/// it makes has a ref this run's attempt of it made. A failed, retried or product-less one still writes a record.
/// </summary>
public static class MarkerSteps
{
    /// <summary>Whether a step's success is recorded by its product refs alone.</summary>
    /// <param name="step">The step.</param>
    /// <returns><see langword="true"/> for a step without <c>run</c> that makes products.</returns>
    public static bool IsRecordedByRefs(StepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Run is null && step.Produces.Count > 0;
    }

    /// <summary>The record such a step's refs stand for, or <see langword="null"/> while one of them is missing.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="products">The run's product refs that exist, by name (others may be there too).</param>
    /// <returns>Its record, succeeded, or <see langword="null"/> when the refs do not say it succeeded in this run.</returns>
    public static StepResult? RecordOf(string runId, StepDefinition step, Func<string, ProductRef?> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        if (!IsRecordedByRefs(step))
        {
            return null;
        }

        var made = new List<ProductRef>(step.Produces.Count);
        foreach (var output in step.Produces)
        {
            // A ref linked from the run this one reruns names that run: the step was reused, not run here.
            if (products(output.Name) is not { } product || product.Producer.RunId != runId || product.Producer.Step != step.Name)
            {
                return null;
            }

            made.Add(product);
        }

        return new StepResult
        {
            Step = step.Name,
            State = StepState.Succeeded,
            Remote = step.Remote.Type,
            Attempts = made.Max(p => p.Producer.Attempt),
            StartedAt = made.Min(p => p.CreatedAt),
            EndedAt = made.Max(p => p.CreatedAt),
            Products = made,
        };
    }
}
