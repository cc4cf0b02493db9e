using Bazaar.Graphs;

namespace Bazaar.Scheduling;

/// <summary>
/// A pure state machine that knows which products exist, hands out the steps whose inputs all
/// exist, and on each completion returns the steps that became ready. It has no clock, no I/O and
/// no Durable Task types, and its answers depend only on the graph and the calls made, so it can
/// run inside an orchestrator that replays.
/// </summary>
/// <remarks>
/// <para>
/// The work over a whole run is proportional to the number of steps plus the number of
/// (step, consumed product) pairs: the constructor indexes each product's consumers and counts
/// each step's missing distinct inputs, and each new product touches only its own consumers.
/// </para>
/// <para>
/// The graph is assumed to be valid (validated elsewhere). On an invalid one nothing loops: a
/// step in a cycle, or one waiting for a product nobody makes, simply never becomes ready and is
/// listed by <see cref="Unreached"/>.
/// </para>
/// <para>This type is not thread-safe; an orchestrator calls it from one thread.</para>
/// </remarks>
public sealed partial class GraphScheduler
{
    private readonly StepDefinition[] steps;
    private readonly Dictionary<string, int> stepIndex;
    private readonly Dictionary<string, List<int>> consumersByProduct;
    private readonly HashSet<string> available;
    private readonly int[] missingInputs;
    private readonly StepState[] states;
    private readonly Queue<int> ready = new();
    private int inFlight;

    /// <summary>Initializes a new instance of the <see cref="GraphScheduler"/> class.</summary>
    /// <param name="graph">The graph to run.</param>
    /// <param name="availableProducts">
    /// The products that exist before any step runs: the run's supplied inputs, and any product
    /// already known to exist. The graph's declared <see cref="GraphDefinition.Inputs"/> are not
    /// assumed to exist unless listed here.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> or <paramref name="availableProducts"/> is null.</exception>
    public GraphScheduler(GraphDefinition graph, IEnumerable<string> availableProducts)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(availableProducts);

        this.steps = [.. graph.Steps];
        this.stepIndex = new Dictionary<string, int>(this.steps.Length, StringComparer.Ordinal);
        this.consumersByProduct = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        this.available = new HashSet<string>(availableProducts, StringComparer.Ordinal);
        this.missingInputs = new int[this.steps.Length];
        this.states = new StepState[this.steps.Length];

        var distinctInputs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < this.steps.Length; i++)
        {
            var step = this.steps[i];

            // A duplicate name is invalid; keep the first so lookups stay well defined.
            this.stepIndex.TryAdd(step.Name, i);

            // A product listed twice is one input: it is counted, and its consumer registered, once.
            distinctInputs.Clear();
            var missing = 0;
            foreach (var product in step.Consumes)
            {
                if (!distinctInputs.Add(product))
                {
                    continue;
                }

                if (!this.consumersByProduct.TryGetValue(product, out var consumers))
                {
                    consumers = [];
                    this.consumersByProduct.Add(product, consumers);
                }

                // Steps are visited in declaration order, so every consumer list is sorted.
                consumers.Add(i);
                if (!this.available.Contains(product))
                {
                    missing++;
                }
            }

            this.missingInputs[i] = missing;
            if (missing == 0)
            {
                this.states[i] = StepState.NotStarted;
                this.ready.Enqueue(i);
            }
            else
            {
                this.states[i] = StepState.Waiting;
            }
        }
    }

    /// <summary>Gets the number of steps that are ready and not yet taken.</summary>
    public int ReadyCount => this.ready.Count;

    /// <summary>Gets the number of steps taken and not yet completed.</summary>
    public int InFlight => this.inFlight;

    /// <summary>
    /// Gets a value indicating whether nothing is left to hand out or wait for: no step is ready
    /// and none is in flight. Steps still waiting for inputs that will never exist do not count;
    /// <see cref="Unreached"/> lists them.
    /// </summary>
    public bool IsFinished => this.ready.Count == 0 && this.inFlight == 0;

    /// <summary>
    /// Gets the number of elementary updates made since construction (one per consumer touched by
    /// a new product, one per step handed out). A test seam: it shows the work stays linear in the
    /// size of the graph without timing anything.
    /// </summary>
    internal long Work { get; private set; }
}
