using System.Text.Json;

namespace Bazaar.Remotes;

/// <summary>
/// The request of the remote step protocol (README, "The remote step protocol"): what a payload remote
/// (a Lambda function, an HTTP function) receives to run one attempt of a step. Product bytes never
/// travel in it; the handler downloads inputs from and uploads outputs to the SAS URLs it carries.
/// </summary>
public sealed record RemoteStepRequest
{
    /// <summary>The protocol version this type writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Gets the protocol version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Gets the run.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the step's name.</summary>
    public required string Step { get; init; }

    /// <summary>Gets the attempt, from 1.</summary>
    public required int Attempt { get; init; }

    /// <summary>
    /// Gets what to run: a JSON string runs through <c>/bin/sh -c</c>, a JSON array of strings is an
    /// argument vector run without a shell.
    /// </summary>
    public required JsonElement Run { get; init; }

    /// <summary>Gets the environment variables to set: <c>BAZAAR_*</c> and the step's <c>env:</c>.</summary>
    public required IReadOnlyDictionary<string, string> Env { get; init; }

    /// <summary>Gets each consumed product; the handler puts it at its name in the working folder.</summary>
    public required IReadOnlyDictionary<string, RemoteStepInput> Inputs { get; init; }

    /// <summary>Gets each declared output to upload after a zero exit.</summary>
    public required IReadOnlyDictionary<string, RemoteStepOutput> Outputs { get; init; }

    /// <summary>Gets when the step must have ended; the SAS URLs expire then too.</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>
    /// Gets where the handler calls home, for call-home remotes (containers that outlive a call); null
    /// when the remote waits for the handler's answer instead.
    /// </summary>
    public RemoteStepCallHome? CallHome { get; init; }
}
