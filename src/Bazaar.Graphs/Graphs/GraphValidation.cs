
namespace Bazaar.Graphs;

/// <summary>One run of <see cref="GraphValidator.Validate(GraphDefinition, IReadOnlySet{string}, GraphSourceMap?)"/>: the graph, what it is checked against, and the problems found.</summary>
internal sealed partial class GraphValidation(
    GraphDefinition graph,
    IReadOnlySet<string> installed,
    GraphSourceMap? map,
    ProblemList problems)
{
    // Product name -> the steps producing it, in declaration order.
    private readonly Dictionary<string, List<StepDefinition>> producers = new(StringComparer.Ordinal);
    private readonly HashSet<string> inputs = new(StringComparer.Ordinal);

    public void Run()
    {
        this.CheckGraph();
        this.CheckInputs();
        var reportedRemotes = new HashSet<string>(StringComparer.Ordinal);
        var stepNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in graph.Steps)
        {
            if (!GraphNames.IsValid(step.Name))
            {
                this.Report($"step name '{step.Name}' is not valid; use {GraphNames.Rule}", "steps", step.Name);
            }
            else if (!stepNames.Add(step.Name))
            {
                this.Report($"step name '{step.Name}' is used by more than one step; step names must be unique — rename one", "steps", step.Name);
            }

            this.CheckRun(step);
            this.CheckRemote(step, reportedRemotes);
            this.CheckProduces(step);
            this.CheckEnv(step);
            this.CheckSecrets(step);
            this.CheckLimits(step);
        }

        this.CheckProducers();
        foreach (var step in graph.Steps)
        {
            this.CheckConsumes(step);
        }

        this.CheckCycles();
    }

    private void CheckGraph()
    {
        if (string.IsNullOrEmpty(graph.Name))
        {
            this.Report("the graph has no name; add name: at the top of the file (in code, pass one to new Graph(…))", "name");
        }
        else if (!GraphNames.IsValid(graph.Name))
        {
            this.Report($"graph name '{graph.Name}' is not valid; use {GraphNames.Rule}", "name");
        }

        if (graph.Steps.Count == 0)
        {
            var name = string.IsNullOrEmpty(graph.Name) ? "the graph" : $"graph '{graph.Name}'";
            this.Report($"{name} has no steps; add at least one under steps:", "steps");
        }
    }

    private void CheckInputs()
    {
        foreach (var input in graph.Inputs)
        {
            if (!GraphNames.IsValid(input))
            {
                this.Report($"input name '{input}' is not valid; use {GraphNames.Rule}", "inputs", input);
            }
            else if (!this.inputs.Add(input))
            {
                this.Report($"input '{input}' is listed twice under inputs:; remove one", "inputs", input);
            }
        }
    }

    private void CheckRun(StepDefinition step)
    {
        var problem = step.Run switch
        {
            null => null,
            { Shell: { } shell } when string.IsNullOrWhiteSpace(shell) => "is an empty script",
            { Shell: not null } => null,
            { Args: null or { Count: 0 } } => "is an empty list",
            { Args: var args } when string.IsNullOrEmpty(args[0]) => "starts with an empty program name",
            _ => null,
        };
        if (problem is not null)
        {
            this.Report($"run in step '{step.Name}' {problem}; write a command, or leave run out for a step that only makes its products exist", "steps", step.Name, "run");
        }
    }

    private void CheckRemote(StepDefinition step, HashSet<string> reportedRemotes)
    {
        // A named remote is reported once, where it is defined, however many steps use it.
        var name = step.Remote.Name;
        if (name is not null && !reportedRemotes.Add(name))
        {
            return;
        }

        string[] at = name is not null ? ["remotes", name] : ["steps", step.Name, "remote"];
        var prefix = name is not null ? $"remote '{name}': " : $"step '{step.Name}': ";
        if (GraphValidator.RemoteProblem(step.Remote, installed) is { } message)
        {
            this.Report(name is not null ? message : prefix + message, at);
            return;
        }

        // Each remote's plug-in checks its own settings, when the host gave us the plug-ins.
        if (installed is IRemoteSettingsValidator remotes)
        {
            foreach (var problem in remotes.ValidateSettings(step.Remote))
            {
                var settingAt = problem.Setting is { } key && step.Remote.Settings.ContainsKey(key) ? [.. at, key] : at;
                this.Report(prefix + problem.Message, settingAt);
            }
        }
    }

    private void CheckProduces(StepDefinition step)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var output in step.Produces)
        {
            string[] at = ["steps", step.Name, "produces", output.Name];
            if (!GraphNames.IsValid(output.Name))
            {
                this.Report($"product name '{output.Name}' in step '{step.Name}' is not valid; use {GraphNames.Rule}", at);
                continue;
            }

            if (!names.Add(output.Name))
            {
                this.Report($"step '{step.Name}' produces '{output.Name}' twice; list each product once", at);
                continue;
            }

            if (!this.producers.TryGetValue(output.Name, out var list))
            {
                this.producers[output.Name] = list = [];
            }

            list.Add(step);
            if (output.Path is null)
            {
                continue;
            }

            if (ProductPaths.Problem(output.Path) is { } reason)
            {
                this.Report(
                    $"product '{output.Name}' of step '{step.Name}' has path '{output.Path}', which {reason}; write a path relative to the step's workspace, such as out/{output.Name}, or nothing for a marker",
                    at);
            }
            else if (paths.TryGetValue(ProductPaths.Normalize(output.Path), out var other))
            {
                this.Report(
                    $"products '{other}' and '{output.Name}' of step '{step.Name}' have the same path '{output.Path}'; give each product its own file or directory",
                    at);
            }
            else
            {
                paths[ProductPaths.Normalize(output.Path)] = output.Name;
            }
        }
    }

    private void CheckEnv(StepDefinition step)
    {
        foreach (var name in step.Env.Keys)
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            {
                this.Report(
                    $"environment variable name '{name}' in step '{step.Name}' is not valid; a name must be non-empty and hold no '=' — use letters, digits and '_'",
                    "steps",
                    step.Name,
                    "env",
                    name);
            }
        }
    }

    private void CheckSecrets(StepDefinition step)
    {
        foreach (var name in step.Secrets)
        {
            if (!EnvironmentVariableName().IsMatch(name))
            {
                this.Report(
                    $"secret '{name}' in step '{step.Name}' is not a valid environment variable name; use letters, digits and '_', not starting with a digit, e.g. API_TOKEN",
                    "steps",
                    step.Name,
                    "secrets",
                    name);
            }
            else if (step.Env.ContainsKey(name))
            {
                this.Report(
                    $"'{name}' in step '{step.Name}' is both a secret and set under env:; a secret's value comes from the host's environment — remove it from env:",
                    "steps",
                    step.Name,
                    "secrets",
                    name);
            }
        }
    }

    private void CheckLimits(StepDefinition step)
    {
        if (step.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            this.Report($"timeout in step '{step.Name}' is {timeout}; it must be positive — leave timeout out for no limit", "steps", step.Name, "timeout");
        }

        if (step.Retry is { } retry)
        {
            if (retry.Attempts < 1)
            {
                this.Report(
                    $"retry.attempts in step '{step.Name}' is {retry.Attempts}; it must be at least 1 (the first try included) — leave retry out for a single try",
                    "steps",
                    step.Name,
                    "retry",
                    "attempts");
            }

            if (retry.Backoff < TimeSpan.Zero)
            {
                this.Report($"retry.backoff in step '{step.Name}' is negative; write a duration of 0s or more", "steps", step.Name, "retry", "backoff");
            }
        }
    }

    private void CheckProducers()
    {
        foreach (var (product, steps) in this.producers)
        {
            if (steps.Count > 1)
            {
                var names = steps.Select(s => $"'{s.Name}'").ToList();
                var listed = string.Join(", ", names[..^1]) + " and " + names[^1];
                this.Report(
                    $"product '{product}' is produced by steps {listed}; a product must have exactly one producer — rename it in all but one of them",
                    "steps",
                    steps[1].Name,
                    "produces",
                    product);
            }

            if (this.inputs.Contains(product))
            {
                this.Report(
                    $"product '{product}' is a graph input and is also produced by step '{steps[0].Name}'; remove it from inputs: or from the step's produces:",
                    "steps",
                    steps[0].Name,
                    "produces",
                    product);
            }
        }
    }

    private void CheckConsumes(StepDefinition step)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var product in step.Consumes)
        {
            string[] at = ["steps", step.Name, "consumes", product];
            if (!GraphNames.IsValid(product))
            {
                this.Report($"product name '{product}' consumed by step '{step.Name}' is not valid; use {GraphNames.Rule}", at);
            }
            else if (!seen.Add(product))
            {
                this.Report($"step '{step.Name}' consumes '{product}' twice; list each product once", at);
            }
            else if (step.Produces.Any(p => p.Name == product))
            {
                this.Report(
                    $"step '{step.Name}' consumes its own product '{product}', so it would wait for itself forever; remove '{product}' from its consumes or from its produces",
                    at);
            }
            else if (!this.producers.ContainsKey(product) && !this.inputs.Contains(product))
            {
                var known = this.producers.Keys.Concat(this.inputs);
                this.Report(
                    $"step '{step.Name}' consumes '{product}', which no step produces and which is not a graph input{GraphNames.DidYouMean(product, known)}; produce it in a step or list it under inputs:",
                    at);
            }
        }
    }

    private void Report(string message, params string[] path)
    {
        if (map is null)
        {
            problems.Add(message);
            return;
        }

        if (!map.IsReported(path))
        {
            var location = map.Find(path);
            problems.Add(message, location?.Line, location?.Column);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,254}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex EnvironmentVariableName();
}
