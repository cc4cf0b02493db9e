namespace Bazaar.Http;

/// <summary>The URLs of a run's resources, absolute, as the API returns them.</summary>
public sealed record RunLinks
{
    /// <summary>Gets the run itself (<c>GET</c>).</summary>
    public required Uri Self { get; init; }

    /// <summary>Gets the graph coloured by state (<c>GET</c>, <c>?format=dot|mermaid</c>).</summary>
    public required Uri Graph { get; init; }

    /// <summary>Gets where to stop the run (<c>POST</c>).</summary>
    public required Uri Cancel { get; init; }
}
