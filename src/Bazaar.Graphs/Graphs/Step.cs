namespace Bazaar.Graphs;

/// <summary>
/// A step in a graph built in code. Creating it adds it to its graph; the fluent methods set
/// what it runs, where, and which products it consumes and produces.
/// </summary>
public sealed class Step
{
    private readonly List<string> consumes = [];
    private readonly List<ProductOutput> produces = [];
    private readonly Dictionary<string, string> env = new(StringComparer.Ordinal);
    private readonly List<string> secrets = [];
    private StepCommand? run;
    private RemoteDefinition remote = RemoteDefinition.Process;
    private TimeSpan? timeout;
    private RetryPolicy? retry;
    private bool? cache;

    /// <summary>Initializes a new instance of the <see cref="Step"/> class and adds it to <paramref name="graph"/>.</summary>
    /// <param name="name">The step's name, unique in the graph: 1-64 letters, digits, '.', '_' or '-'.</param>
    /// <param name="graph">The graph the step belongs to.</param>
    public Step(string name, Graph graph)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(graph);
        this.Name = name;
        this.Graph = graph;
        graph.Add(this);
    }

    /// <summary>Gets the step's name.</summary>
    public string Name { get; }

    /// <summary>Gets the graph the step belongs to.</summary>
    public Graph Graph { get; }

    /// <summary>Runs a program with arguments, without a shell (a list under <c>run:</c> in a file).</summary>
    /// <param name="args">The program and its arguments.</param>
    /// <returns>This step.</returns>
    public Step Run(params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        this.run = StepCommand.FromArgs([.. args]);
        return this;
    }

    /// <summary>Runs a script through <c>/bin/sh -c</c> (a string under <c>run:</c> in a file).</summary>
    /// <param name="script">The script.</param>
    /// <returns>This step.</returns>
    public Step RunShell(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        this.run = StepCommand.FromShell(script);
        return this;
    }

    /// <summary>Declares a product the step makes.</summary>
    /// <param name="product">The product.</param>
    /// <param name="path">Where the step leaves it in its workspace; <see langword="null"/> for a marker with empty content.</param>
    /// <returns>This step.</returns>
    public Step Produces(Product product, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(product);
        this.produces.Add(new ProductOutput(product.Name, path));
        return this;
    }

    /// <summary>Declares products the step waits for.</summary>
    /// <param name="products">The products.</param>
    /// <returns>This step.</returns>
    public Step Consumes(params Product[] products)
    {
        ArgumentNullException.ThrowIfNull(products);
        this.consumes.AddRange(products.Select(p => p.Name));
        return this;
    }

    /// <summary>Sets an environment variable for the step.</summary>
    /// <param name="name">The variable's name.</param>
    /// <param name="value">Its value.</param>
    /// <returns>This step.</returns>
    public Step Env(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        this.env[name] = value;
        return this;
    }

    /// <summary>
    /// Gives the step the host's environment variable <paramref name="name"/> as a secret: its value
    /// comes from the environment of the host that runs the step, never from the graph, and is
    /// redacted from logs, step records and the API.
    /// </summary>
    /// <param name="name">The variable's name, e.g. <c>API_TOKEN</c>.</param>
    /// <returns>This step.</returns>
    public Step Secret(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!this.secrets.Contains(name))
        {
            this.secrets.Add(name);
        }

        return this;
    }

    /// <summary>Limits how long the step may run.</summary>
    /// <param name="timeout">The limit.</param>
    /// <returns>This step.</returns>
    public Step Timeout(TimeSpan timeout)
    {
        this.timeout = timeout;
        return this;
    }

    /// <summary>Tries the step again when it fails.</summary>
    /// <param name="attempts">Total tries, the first one included; at least 1.</param>
    /// <param name="backoff">Delay before the second try; doubled before each later one.</param>
    /// <param name="on">Which failures are tried again: infrastructure failures and timeouts (the default), or any but a misconfiguration.</param>
    /// <returns>This step.</returns>
    public Step Retry(int attempts, TimeSpan backoff, RetryOn on = RetryOn.Retryable)
    {
        this.retry = new RetryPolicy(attempts, backoff, on);
        return this;
    }

    /// <summary>Looks the step's outputs up in the content-addressed cache, and records them there after a success.</summary>
    /// <param name="enabled"><see langword="false"/> to opt this step out when its graph caches every step.</param>
    /// <returns>This step.</returns>
    public Step Cache(bool enabled = true)
    {
        this.cache = enabled;
        return this;
    }

    /// <summary>Sends the step to a remote; see also <see cref="RemoteSpec.Apply"/>.</summary>
    /// <param name="remote">The remote.</param>
    /// <returns>This step.</returns>
    public Step On(RemoteDefinition remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        this.remote = remote;
        return this;
    }

    /// <summary>Gets the step as an immutable definition.</summary>
    /// <param name="cacheByDefault">Whether the graph caches steps that do not say.</param>
    internal StepDefinition ToDefinition(bool cacheByDefault) => new()
    {
        Name = this.Name,
        Run = this.run,
        Remote = this.remote,
        Consumes = [.. this.consumes],
        Produces = [.. this.produces],
        Env = new Dictionary<string, string>(this.env, StringComparer.Ordinal),
        Secrets = [.. this.secrets],
        Timeout = this.timeout,
        Retry = this.retry,
        Cache = this.cache ?? cacheByDefault,
    };
}
