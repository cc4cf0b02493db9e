namespace Bazaar.Http;

/// <summary>What <c>POST /api/runs</c> answers with 202: the new run's id and URLs.</summary>
public sealed record StartedRun
{
    /// <summary>Gets the run's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the graph's name.</summary>
    public required string Graph { get; init; }

    /// <summary>Gets the number of steps.</summary>
    public required int Steps { get; init; }

    /// <summary>Gets the run's URLs.</summary>
    public required RunLinks Links { get; init; }
}
