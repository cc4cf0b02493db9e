namespace Bazaar.Graphs;

/// <summary>The local process remote, the default: <c>remote: process</c> in a graph file.</summary>
public sealed record ProcessRemoteSpec : RemoteSpec
{
    /// <inheritdoc/>
    public override string Type => "process";

    /// <inheritdoc/>
    public override RemoteDefinition ToDefinition() => RemoteDefinition.Process;
}
