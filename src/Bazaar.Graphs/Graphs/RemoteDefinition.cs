using System.Text.Json;

namespace Bazaar.Graphs;

/// <summary>Where a step runs: a remote type and its settings.</summary>
public sealed record RemoteDefinition
{
    /// <summary>The default remote: a local process.</summary>
    public static readonly RemoteDefinition Process = new() { Type = "process" };

    /// <summary>Gets the name under <c>remotes:</c> this came from, or <see langword="null"/> for a bare type.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the remote type, such as <c>process</c> or <c>docker</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Gets the remote's settings, every key except <c>type</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement> Settings { get; init; } = new Dictionary<string, JsonElement>();
}
