using System.Text;
using System.Text.Json;

namespace Bazaar.Graphs;

/// <summary>
/// Reads JSON into <see cref="GraphNode"/>s with <see cref="Utf8JsonReader"/>, turning each token's
/// byte offset into a line and column so JSON problems point where YAML ones do. JSON has no
/// aliases, so it cannot expand past its size, but it spends the same <see cref="GraphBudget"/>
/// as YAML: one limit on what a graph amounts to, whichever way it is written.
/// </summary>
internal static class JsonGraphReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        // Lenient where it costs nothing: editors let people leave comments and trailing commas.
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    /// <exception cref="GraphTooLargeException">The file holds more values than the <paramref name="budget"/> allows.</exception>
    public static GraphNode? Read(string text, ProblemList problems, GraphBudget budget)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lineStarts = LineStarts(bytes);
        var reader = new Utf8JsonReader(bytes, Options);
        try
        {
            if (!reader.Read())
            {
                return null;
            }

            var root = ReadValue(ref reader, lineStarts, budget);

            // With a final block and AllowMultipleValues off, Read throws on trailing content.
            reader.Read();
            return root;
        }
        catch (JsonException e)
        {
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            reason = (cut > 0 ? reason[..cut] : reason).TrimEnd('.', ' ');
            problems.Add(
                $"the file is not valid JSON: {reason}; fix the syntax at this position",
                (int)(e.LineNumber ?? 0) + 1,
                (int)(e.BytePositionInLine ?? 0) + 1);
            return null;
        }
    }

    private static GraphNode ReadValue(ref Utf8JsonReader reader, int[] lineStarts, GraphBudget budget)
    {
        var (line, column) = Position(reader.TokenStartIndex, lineStarts);
        budget.Spend(line, column);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                {
                    var entries = new List<KeyValuePair<ScalarNode, GraphNode>>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var (keyLine, keyColumn) = Position(reader.TokenStartIndex, lineStarts);
                        budget.Spend(keyLine, keyColumn);
                        var key = new ScalarNode(reader.GetString()!, ScalarKind.String, keyLine, keyColumn);
                        reader.Read();
                        entries.Add(new(key, ReadValue(ref reader, lineStarts, budget)));
                    }

                    return new MappingNode(entries, line, column);
                }

            case JsonTokenType.StartArray:
                {
                    var items = new List<GraphNode>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        items.Add(ReadValue(ref reader, lineStarts, budget));
                    }

                    return new SequenceNode(items, line, column);
                }

            case JsonTokenType.String:
                return new ScalarNode(reader.GetString()!, ScalarKind.String, line, column);
            case JsonTokenType.Number:
                return new ScalarNode(Encoding.UTF8.GetString(reader.ValueSpan), ScalarKind.Number, line, column);
            case JsonTokenType.True:
                return new ScalarNode("true", ScalarKind.Bool, line, column);
            case JsonTokenType.False:
                return new ScalarNode("false", ScalarKind.Bool, line, column);
            default:
                return new ScalarNode(string.Empty, ScalarKind.Null, line, column);
        }
    }

    private static int[] LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    private static (int Line, int Column) Position(long offset, int[] lineStarts)
    {
        var index = Array.BinarySearch(lineStarts, (int)offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, (int)offset - lineStarts[index] + 1);
    }
}
