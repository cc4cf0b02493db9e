using System.Text.RegularExpressions;

namespace Bazaar.Agent.Transfer;

/// <summary>
/// The graph's naming rule for products (Bazaar.Graphs' GraphNames, internal there): an input's name becomes a
/// file name in the working folder, so a request that breaks it (<c>..</c>, <c>a/b</c>) is refused.
/// </summary>
internal static partial class ProductNames
{
    public const string Rule = "1-64 letters, digits, '.', '_' or '-', and not '.' or '..'";

    public static bool IsValid(string? name) => name is not null and not "." and not ".." && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
