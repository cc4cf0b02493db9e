using System.Text;
using System.Text.Json.Nodes;

namespace Bazaar.Infra.Tests;

/// <summary>
/// Evaluates the few ARM template functions Bicep compiles names into (<c>concat</c>,
/// <c>createArray</c>, <c>format</c>, <c>toLower</c>, <c>variables</c>, <c>parameters</c>), so a test
/// can assert the exact values a deployment would see instead of the text of an expression. Any
/// other function is an error, naming it: a test must not pass on a value it could not work out.
/// </summary>
internal sealed class ArmExpression
{
    private readonly JsonObject template;
    private readonly IReadOnlyDictionary<string, string> known;
    private string text = string.Empty;
    private int position;

    /// <param name="template">The template whose <c>variables</c> and <c>parameters</c> (their defaults) the expression reads.</param>
    /// <param name="known">Variables or parameters to take as given, for values only Azure can work out (<c>uniqueString</c>).</param>
    public ArmExpression(JsonObject template, IReadOnlyDictionary<string, string>? known = null)
    {
        this.template = template;
        this.known = known ?? new Dictionary<string, string>();
    }

    /// <summary>Gets the value of a template value: a literal, an expression string, or an array of either.</summary>
    public JsonNode? Evaluate(JsonNode? value) => value switch
    {
        JsonArray array => new JsonArray(array.Select(this.Evaluate).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) && s.StartsWith('[') && !s.StartsWith("[[", StringComparison.Ordinal) =>
            new ArmExpression(this.template, this.known).Parse(s[1..^1]),
        _ => value?.DeepClone(),
    };

    private JsonNode? Parse(string expression)
    {
        this.text = expression;
        this.position = 0;
        var value = this.Value();
        return this.position == this.text.Length ? value : throw new FormatException($"Unexpected '{this.text[this.position..]}' in [{this.text}]");
    }

    private JsonNode? Value()
    {
        if (this.text[this.position] == '\'')
        {
            return JsonValue.Create(this.Literal());
        }

        var start = this.position;
        while (char.IsLetterOrDigit(this.text[this.position]))
        {
            this.position++;
        }

        var name = this.text[start..this.position];
        this.Expect('(');
        var arguments = new List<JsonNode?>();
        while (this.text[this.position] != ')')
        {
            arguments.Add(this.Value());
            if (this.text[this.position] == ',')
            {
                this.position++;
                while (this.text[this.position] == ' ')
                {
                    this.position++;
                }
            }
        }

        this.Expect(')');
        return this.Call(name, arguments);
    }

    private JsonNode? Call(string name, List<JsonNode?> arguments) => name switch
    {
        "concat" when arguments.All(a => a is JsonArray) => new JsonArray(arguments.SelectMany(a => a!.AsArray()).Select(e => e?.DeepClone()).ToArray()),
        "concat" => JsonValue.Create(string.Concat(arguments.Select(a => (string?)a))),
        "createArray" => new JsonArray(arguments.ToArray()),
        "if" => (arguments[0] is JsonValue condition && condition.TryGetValue<bool>(out var yes) ? yes : bool.Parse((string)arguments[0]!)) ? arguments[1] : arguments[2],
        "toLower" => JsonValue.Create(((string?)arguments[0])!.ToLowerInvariant()),
        "format" => JsonValue.Create(string.Format(null, (string)arguments[0]!, arguments.Skip(1).Select(a => (object?)(string?)a).ToArray())),
        "variables" => this.Named((string)arguments[0]!, this.template["variables"]?[(string)arguments[0]!]),
        "parameters" => this.Named((string)arguments[0]!, this.template["parameters"]?[(string)arguments[0]!]?["defaultValue"]),
        _ => throw new NotSupportedException($"ArmExpression cannot evaluate {name}(); name its value in 'known' instead"),
    };

    private JsonNode? Named(string name, JsonNode? value) =>
        this.known.TryGetValue(name, out var given) ? JsonValue.Create(given)
        : value is null ? throw new KeyNotFoundException($"The template has no value for '{name}'")
        : this.Evaluate(value);

    private string Literal()
    {
        var builder = new StringBuilder();
        this.position++;
        while (true)
        {
            var c = this.text[this.position++];
            if (c == '\'' && this.position < this.text.Length && this.text[this.position] == '\'')
            {
                builder.Append('\'');
                this.position++;
            }
            else if (c == '\'')
            {
                return builder.ToString();
            }
            else
            {
                builder.Append(c);
            }
        }
    }

    private void Expect(char c)
    {
        if (this.text[this.position] != c)
        {
            throw new FormatException($"Expected '{c}' at {this.position} in [{this.text}]");
        }

        this.position++;
    }
}
