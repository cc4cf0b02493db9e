using System.Text.Json;

namespace Bazaar.Graphs;

/// <summary>
/// A remote as code names it, in BEP4's style: a remote is applied to a step. Each remote
/// plug-in offers one (<see cref="ProcessRemoteSpec"/> here; Docker, Lambda and the others in
/// their own projects).
/// </summary>
/// <example><c>new ProcessRemoteSpec().Apply(step);</c></example>
public abstract record RemoteSpec
{
    /// <summary>Gets the remote type, such as <c>process</c> or <c>docker</c>.</summary>
    public abstract string Type { get; }

    /// <summary>Gets the remote's settings, as they would appear under the remote in a graph file.</summary>
    public virtual IReadOnlyDictionary<string, JsonElement> Settings { get; } = new Dictionary<string, JsonElement>();

    /// <summary>Gets the remote as the definition a step carries.</summary>
    /// <returns>The definition.</returns>
    public virtual RemoteDefinition ToDefinition() => new() { Type = this.Type, Settings = this.Settings };

    /// <summary>Sends a step to this remote.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The step.</returns>
    public Step Apply(Step step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.On(this.ToDefinition());
    }
}
