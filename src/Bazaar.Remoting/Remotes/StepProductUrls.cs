namespace Bazaar.Remotes;

/// <summary>
/// One step attempt's products as least-privilege SAS URLs, one blob each: read for every input,
/// create/write for every output with a path. Minted inside the <c>ExecuteStep</c> activity; never put
/// them in orchestration inputs, outputs, step records or logs.
/// </summary>
public sealed record StepProductUrls
{
    /// <summary>Gets an empty set, for a step that consumes and produces nothing.</summary>
    public static StepProductUrls Empty { get; } = new();

    /// <summary>Gets each consumed product by name.</summary>
    public IReadOnlyDictionary<string, RemoteStepInput> Inputs { get; init; } = new Dictionary<string, RemoteStepInput>();

    /// <summary>Gets each declared output with a path, by name (markers need no upload).</summary>
    public IReadOnlyDictionary<string, RemoteStepOutput> Outputs { get; init; } = new Dictionary<string, RemoteStepOutput>();

    /// <summary>Gets when the URLs stop working: the step's deadline.</summary>
    public DateTimeOffset ExpiresOn { get; init; }
}
