using System.Globalization;

namespace Bazaar.Graphs;

/// <content>Reading one step.</content>
internal sealed partial class GraphReader
{
    private static readonly string[] StepKeys = ["run", "remote", "consumes", "produces", "env", "secrets", "timeout", "retry", "cache"];
    private static readonly string[] RetryKeys = ["attempts", "backoff", "on"];

    private StepDefinition ReadStep(string name, GraphNode node, bool cacheByDefault)
    {
        var step = new StepDefinition { Name = name, Cache = cacheByDefault };
        if (node is ScalarNode { IsNull: true })
        {
            // A step with nothing in it only makes its (no) products exist, as in BazaarCI.
            return step;
        }

        if (node is not MappingNode body)
        {
            this.Report(
                $"step '{name}' is {node.Describe()}; a step must be a map of run:, consumes:, produces: and the like, e.g. {name}: {{ run: echo hi }}",
                node,
                "steps",
                name);
            return step;
        }

        var where = $"in step '{name}'";
        foreach (var (key, value) in this.Entries(body, where, ["steps", name]))
        {
            string[] path = ["steps", name, key.Value];
            this.map.Add(key.Line, key.Column, path);
            switch (key.Value)
            {
                case "run":
                    step = step with { Run = this.ReadRun(name, value, path) };
                    break;
                case "remote":
                    step = step with { Remote = this.ReadStepRemote(name, value, path) };
                    break;
                case "consumes":
                    step = step with { Consumes = this.NameList(value, $"consumes in step '{name}'", "consumes: [source]", path) };
                    break;
                case "produces":
                    step = step with { Produces = this.ReadProduces(name, value, path) };
                    break;
                case "env":
                    step = step with { Env = this.ReadEnv(name, value, path) };
                    break;
                case "secrets":
                    step = step with { Secrets = this.NameList(value, $"secrets in step '{name}'", "secrets: [API_TOKEN]", path) };
                    break;
                case "timeout":
                    step = step with { Timeout = this.ReadDuration(value, "timeout", where, path) };
                    break;
                case "retry":
                    step = step with { Retry = this.ReadRetry(name, value, path) };
                    break;
                case "cache":
                    step = step with { Cache = this.ReadBool(value, $"cache in step '{name}'", path) ?? cacheByDefault };
                    break;
                default:
                    this.Report(
                        $"unknown key '{key.Value}' {where}{GraphNames.DidYouMean(key.Value, StepKeys)}; a step allows {string.Join(", ", StepKeys)}",
                        key,
                        path);
                    break;
            }
        }

        return step;
    }

    private StepCommand? ReadRun(string step, GraphNode node, string[] path)
    {
        switch (node)
        {
            case ScalarNode { IsNull: true }:
                return null;
            case ScalarNode scalar:
                return StepCommand.FromShell(scalar.Value);
            case SequenceNode list:
                var args = new List<string>();
                foreach (var item in list.Items)
                {
                    if (item is ScalarNode { IsNull: false } arg)
                    {
                        args.Add(arg.Value);
                    }
                    else
                    {
                        this.Report(
                            $"an argument of run in step '{step}' is {item.Describe()}; every argument must be a string (quote it if it looks like something else)",
                            item,
                            path);
                    }
                }

                return StepCommand.FromArgs([.. args]);
            default:
                this.Report(
                    $"run in step '{step}' is {node.Describe()}; write a string (run through /bin/sh -c) or a list of arguments (run without a shell)",
                    node,
                    path);
                return null;
        }
    }

    private List<ProductOutput> ReadProduces(string step, GraphNode node, string[] path)
    {
        var outputs = new List<ProductOutput>();
        switch (node)
        {
            case ScalarNode { IsNull: true }:
                break;
            case MappingNode products:
                foreach (var (key, value) in this.Entries(products, $"in produces of step '{step}'", path))
                {
                    this.map.Add(key.Line, key.Column, [.. path, key.Value]);
                    if (value is ScalarNode scalar)
                    {
                        outputs.Add(new ProductOutput(key.Value, scalar.IsNull ? null : scalar.Value));
                    }
                    else
                    {
                        this.Report(
                            $"the path of product '{key.Value}' in step '{step}' is {value.Describe()}; write the file or directory it is left at, or nothing for a marker",
                            value,
                            [.. path, key.Value]);
                    }
                }

                break;
            case SequenceNode markers:
                foreach (var name in this.NameList(markers, $"produces in step '{step}'", "produces: [done]", path))
                {
                    outputs.Add(new ProductOutput(name, null));
                }

                break;
            default:
                this.Report(
                    $"produces in step '{step}' is {node.Describe()}; write a map from each product to its path, e.g. produces: {{ report: out/report.txt }}, or a list of marker names",
                    node,
                    path);
                break;
        }

        return outputs;
    }

    private Dictionary<string, string> ReadEnv(string step, GraphNode node, string[] path)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is ScalarNode { IsNull: true })
        {
            return env;
        }

        if (node is not MappingNode variables)
        {
            this.Report(
                $"env in step '{step}' is {node.Describe()}; write a map of variable names to values, e.g. env: {{ MODE: release }}",
                node,
                path);
            return env;
        }

        foreach (var (key, value) in this.Entries(variables, $"in env of step '{step}'", path))
        {
            this.map.Add(key.Line, key.Column, [.. path, key.Value]);
            if (value is ScalarNode { IsNull: false } scalar)
            {
                env[key.Value] = scalar.Value;
            }
            else
            {
                this.Report(
                    $"environment variable '{key.Value}' in step '{step}' is {value.Describe()}; its value must be a string (write '' for an empty value)",
                    value,
                    [.. path, key.Value]);
            }
        }

        return env;
    }

    private TimeSpan? ReadDuration(GraphNode node, string what, string where, string[] path)
    {
        if (node is ScalarNode { Kind: ScalarKind.String or ScalarKind.Number } scalar)
        {
            if (GraphDuration.TryParse(scalar.Value, out var duration))
            {
                return duration;
            }

            this.Report($"{what} '{scalar.Value}' {where} is not a duration; {GraphDuration.Help}", node, path);
            return null;
        }

        this.Report($"{what} {where} is {node.Describe()}; {GraphDuration.Help}", node, path);
        return null;
    }

    private RetryPolicy? ReadRetry(string step, GraphNode node, string[] path)
    {
        if (node is not MappingNode body)
        {
            this.Report(
                $"retry in step '{step}' is {node.Describe()}; write a map, e.g. retry: {{ attempts: 3, backoff: 5s }}",
                node,
                path);
            return null;
        }

        int? attempts = null;
        var backoff = TimeSpan.Zero;
        var on = RetryOn.Retryable;
        var ok = true;
        foreach (var (key, value) in this.Entries(body, $"in retry of step '{step}'", path))
        {
            string[] keyPath = [.. path, key.Value];
            this.map.Add(key.Line, key.Column, keyPath);
            switch (key.Value)
            {
                case "attempts":
                    if (value is ScalarNode { Kind: ScalarKind.Number } n
                        && int.TryParse(n.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
                    {
                        attempts = count;
                    }
                    else
                    {
                        ok = false;
                        this.Report(
                            $"retry.attempts in step '{step}' is {value.Describe()}; write a whole number of tries, at least 1 (the first try included)",
                            value,
                            keyPath);
                    }

                    break;
                case "backoff":
                    var parsed = this.ReadDuration(value, "retry.backoff", $"in step '{step}'", keyPath);
                    ok &= parsed is not null;
                    backoff = parsed ?? TimeSpan.Zero;
                    break;
                case "on":
                    switch (value)
                    {
                        case ScalarNode { Value: "retryable" }:
                            break;
                        case ScalarNode { Value: "any" }:
                            on = RetryOn.Any;
                            break;
                        default:
                            ok = false;
                            this.Report(
                                $"retry.on in step '{step}' is {value.Describe()}; write retryable (only infrastructure failures and timeouts: an unreachable service, throttling) or any (a non-zero exit too; a misconfiguration never)",
                                value,
                                keyPath);
                            break;
                    }

                    break;
                default:
                    ok = false;
                    this.Report(
                        $"unknown key '{key.Value}' in retry of step '{step}'{GraphNames.DidYouMean(key.Value, RetryKeys)}; retry allows attempts, backoff and on",
                        key,
                        keyPath);
                    break;
            }
        }

        if (attempts is null && ok)
        {
            this.Report(
                $"retry in step '{step}' has no attempts; add attempts: N, the total number of tries (at least 1)",
                node,
                path);
        }

        return attempts is { } a && ok ? new RetryPolicy(a, backoff, on) : null;
    }

    private bool? ReadBool(GraphNode node, string what, string[] path)
    {
        if (node is ScalarNode { Kind: ScalarKind.Bool } scalar)
        {
            return scalar.Value is "true" or "True" or "TRUE";
        }

        this.Report($"{what} is {node.Describe()}; write true or false", node, path);
        return null;
    }
}
