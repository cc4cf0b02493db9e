using System.Security.Cryptography;

namespace Bazaar.Orchestration;

/// <summary>Run ids a person can read and sort: <c>&lt;graph&gt;-&lt;yyyyMMdd-HHmmss&gt;-&lt;6 hex&gt;</c>.</summary>
public static class RunIds
{
    /// <summary>Makes a new run id for a graph.</summary>
    /// <param name="graph">The graph's name; characters a run id may not hold become '-'.</param>
    /// <param name="clock">The clock; the system's by default.</param>
    /// <returns>The id.</returns>
    public static string New(string graph, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var prefix = new string(graph.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').Take(32).ToArray());
        return $"{prefix}-{now:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
    }
}
