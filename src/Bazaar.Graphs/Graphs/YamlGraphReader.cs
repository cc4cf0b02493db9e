using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Bazaar.Graphs;

/// <summary>
/// Reads YAML into <see cref="GraphNode"/>s with YamlDotNet's low-level parser, whose events
/// carry positions; the representation model would hide duplicate keys. An alias is not copied:
/// it is the anchor's node again, but the <see cref="GraphBudget"/> counts it as a copy, since the
/// loader walks it once per use.
/// </summary>
internal static partial class YamlGraphReader
{
    // Deep enough for any real graph, shallow enough that hostile input cannot exhaust the stack.
    private const int MaxDepth = 64;

    /// <exception cref="GraphTooLargeException">The file expands past the <paramref name="budget"/>; reading stopped there.</exception>
    public static GraphNode? Read(string text, ProblemList problems, GraphBudget budget)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, Anchor>(StringComparer.Ordinal);
        var reader = new Reader(parser, anchors, problems, budget);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = reader.ReadNode(0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var next))
            {
                problems.Add(
                    "the file holds more than one YAML document; a graph file holds exactly one graph — remove the second '---' section or move it to its own file",
                    Line(next.Start),
                    Column(next.Start));
            }

            return root;
        }
        catch (YamlException e)
        {
            problems.Add(
                $"the file is not valid YAML: {Reason(e)}; fix the syntax at this position (check indentation, quotes and brackets)",
                Line(e.Start),
                Column(e.Start));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these instead of a YamlException on some malformed input (a flow
            // sequence left open before a block key; a tag such as '!!]' that is not a URI); the
            // last event it gave is the best position there is.
            var at = parser.Current?.End ?? Mark.Empty;
            problems.Add(
                "the file is not valid YAML: the parser stopped after this position (often an unclosed '[' or '{'); fix the syntax here",
                Math.Max(1, Line(at)),
                Math.Max(1, Column(at)));
            return null;
        }
    }

    private readonly record struct Anchor(GraphNode Node, long Values);

    /// <summary>One file's parser, its anchors so far, and what they have cost.</summary>
    private sealed class Reader(IParser parser, Dictionary<string, Anchor> anchors, ProblemList problems, GraphBudget budget)
    {
        public GraphNode ReadNode(int depth)
        {
            var current = parser.Current ?? throw new SemanticErrorException("unexpected end of the YAML stream");
            if (depth > MaxDepth)
            {
                problems.Add(
                    $"the file nests maps and lists more than {MaxDepth} levels deep; a graph never needs that — flatten it",
                    Line(current.Start),
                    Column(current.Start));
                parser.SkipThisAndNestedEvents();
                return new ScalarNode(string.Empty, ScalarKind.Null, Line(current.Start), Column(current.Start));
            }

            GraphNode node;
            string? anchor = null;
            var usedBefore = budget.Used;
            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        budget.SpendAlias(alias.Value.Value, target.Values, Line(alias.Start), Column(alias.Start));
                        return target.Node;
                    }

                    problems.Add(
                        $"alias '*{alias.Value.Value}' refers to no anchor defined before it; define '&{alias.Value.Value}' earlier in the file",
                        Line(alias.Start),
                        Column(alias.Start));
                    return new ScalarNode(string.Empty, ScalarKind.Null, Line(alias.Start), Column(alias.Start));

                case Scalar scalar:
                    budget.Spend(Line(scalar.Start), Column(scalar.Start));
                    parser.MoveNext();
                    anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
                    node = new ScalarNode(scalar.Value, Resolve(scalar), Line(scalar.Start), Column(scalar.Start));
                    break;

                case SequenceStart start:
                    {
                        budget.Spend(Line(start.Start), Column(start.Start));
                        parser.MoveNext();
                        anchor = start.Anchor.IsEmpty ? null : start.Anchor.Value;
                        var items = new List<GraphNode>();
                        while (!parser.TryConsume<SequenceEnd>(out _))
                        {
                            items.Add(this.ReadNode(depth + 1));
                        }

                        node = new SequenceNode(items, Line(start.Start), Column(start.Start));
                        break;
                    }

                case MappingStart start:
                    {
                        budget.Spend(Line(start.Start), Column(start.Start));
                        parser.MoveNext();
                        anchor = start.Anchor.IsEmpty ? null : start.Anchor.Value;
                        var entries = new List<KeyValuePair<ScalarNode, GraphNode>>();
                        while (!parser.TryConsume<MappingEnd>(out _))
                        {
                            var keyNode = this.ReadNode(depth + 1);
                            var value = this.ReadNode(depth + 1);
                            if (keyNode is ScalarNode key)
                            {
                                entries.Add(new(key, value));
                            }
                            else
                            {
                                problems.Add(
                                    $"a map key is {keyNode.Describe()}; keys must be plain names — write the key as a single word",
                                    keyNode.Line,
                                    keyNode.Column);
                            }
                        }

                        node = new MappingNode(entries, Line(start.Start), Column(start.Start));
                        break;
                    }

                default:
                    throw new SemanticErrorException(current.Start, current.End, $"unexpected {current.GetType().Name}");
            }

            if (anchor is not null)
            {
                // What the node cost, its aliases' copies included, is what each alias of it costs again.
                anchors[anchor] = new Anchor(node, budget.Used - usedBefore);
            }

            return node;
        }
    }

    // YAML 1.2 core schema for plain scalars; anything quoted or explicitly tagged is a string.
    private static ScalarKind Resolve(Scalar scalar)
    {
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return ScalarKind.String;
        }

        var v = scalar.Value;
        if (v.Length == 0 || v is "~" or "null" or "Null" or "NULL")
        {
            return ScalarKind.Null;
        }

        if (v is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return ScalarKind.Bool;
        }

        return NumberPattern().IsMatch(v) ? ScalarKind.Number : ScalarKind.String;
    }

    private static string Reason(YamlException e)
    {
        // YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the
        // problem carries the position itself.
        var message = e.Message;
        var match = PositionPrefix().Match(message);
        var reason = match.Success ? message[match.Length..] : message;
        return reason.TrimEnd('.').Trim();
    }

    private static int Line(Mark mark) => (int)mark.Line;

    private static int Column(Mark mark) => (int)mark.Column;

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex PositionPrefix();
}
