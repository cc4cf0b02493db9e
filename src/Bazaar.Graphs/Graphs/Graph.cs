namespace Bazaar.Graphs;

/// <summary>
/// A graph built in code, in BazaarCI's style: create it, create <see cref="Step"/>s in it, and
/// join them with <see cref="Product"/>s. <see cref="ToDefinition"/> gives the same
/// <see cref="GraphDefinition"/> the file loader gives for the equivalent file.
/// </summary>
/// <example>
/// <code>
/// var g = new Graph("g");
/// var p = new Product("p");
/// var s1 = new Step("Step1", g).Run("echo", "Step1").Produces(p, "p.txt");
/// var s2 = new Step("Step2", g).Run("cat", "p.txt").Consumes(p);
/// GraphDefinition definition = g.Validate(new HashSet&lt;string&gt; { "process" });
/// </code>
/// </example>
public sealed class Graph
{
    private readonly List<Step> steps = [];
    private readonly List<Product> inputs = [];
    private bool cacheAll;

    /// <summary>Initializes a new instance of the <see cref="Graph"/> class.</summary>
    /// <param name="name">The graph's name: 1-64 letters, digits, '.', '_' or '-'.</param>
    public Graph(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        this.Name = name;
    }

    /// <summary>Gets the graph's name.</summary>
    public string Name { get; }

    /// <summary>Gets the steps, in the order they were created.</summary>
    public IReadOnlyList<Step> Steps => this.steps;

    /// <summary>Gets the products supplied when a run is submitted.</summary>
    public IReadOnlyList<Product> Inputs => this.inputs;

    /// <summary>Declares a product supplied when a run is submitted rather than produced by a step.</summary>
    /// <param name="product">The product.</param>
    /// <returns>This graph.</returns>
    public Graph Input(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        this.inputs.Add(product);
        return this;
    }

    /// <summary>Caches every step that does not say otherwise (<c>cache: true</c> at the top of a graph file).</summary>
    /// <param name="enabled">Whether to.</param>
    /// <returns>This graph.</returns>
    public Graph Cache(bool enabled = true)
    {
        this.cacheAll = enabled;
        return this;
    }

    /// <summary>Gets the graph as the immutable definition that travels into an orchestration, without checking it.</summary>
    /// <returns>The definition.</returns>
    public GraphDefinition ToDefinition() => new()
    {
        Name = this.Name,
        Inputs = [.. this.inputs.Select(p => p.Name)],
        Steps = [.. this.steps.Select(s => s.ToDefinition(this.cacheAll))],
    };

    /// <summary>Checks the graph and gets its definition.</summary>
    /// <param name="installedRemoteTypes">The remote types installed where the graph will run, such as <c>process</c>.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="GraphValidationException">The graph has problems; every one is listed.</exception>
    public GraphDefinition Validate(IReadOnlySet<string> installedRemoteTypes)
    {
        var definition = this.ToDefinition();
        var problems = GraphValidator.Validate(definition, installedRemoteTypes);
        return problems.Count > 0 ? throw new GraphValidationException(problems) : definition;
    }

    /// <summary>Adds a step; called by the <see cref="Step"/> constructor.</summary>
    internal void Add(Step step) => this.steps.Add(step);
}
