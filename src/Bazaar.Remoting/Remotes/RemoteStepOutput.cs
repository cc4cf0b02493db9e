using Bazaar.Graphs;

namespace Bazaar.Remotes;

/// <summary>A declared output as the remote step protocol hands it to a payload remote.</summary>
/// <param name="Url">
/// A create/write SAS URL of the one blob the handler uploads the output to (<c>PUT</c> with
/// <c>x-ms-blob-type: BlockBlob</c>), valid until the step's deadline. A secret: never log it.
/// </param>
/// <param name="Path">Where the step leaves the output, relative to its working folder.</param>
/// <param name="Kind">
/// What Bazaar expects: <see cref="ProductKind.Directory"/> when the declared path ends with <c>/</c>, else
/// <see cref="ProductKind.File"/>. A handler uploads a directory as a tar and says so with the
/// <c>x-ms-meta-kind: directory</c> header, whatever the path looked like.
/// </param>
public sealed record RemoteStepOutput(Uri Url, string Path, ProductKind Kind);
