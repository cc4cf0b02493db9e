using System.Security.Cryptography;

namespace Bazaar.Cli.Commands;

/// <summary>Run ids a person can read and sort: <c>&lt;graph&gt;-&lt;yyyyMMdd-HHmmss&gt;-&lt;6 hex&gt;</c>.</summary>
internal static class RunIds
{
    public static string New(string graph, TimeProvider? clock = null)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var prefix = new string(graph.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').Take(32).ToArray());
        return $"{prefix}-{now:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
    }
}
