using Bazaar.Graphs;

namespace Bazaar.Remotes;

/// <summary>A consumed product as the remote step protocol hands it to a payload remote.</summary>
/// <param name="Url">A read-only SAS URL of the product's content blob, valid until the step's deadline. A secret: never log it.</param>
/// <param name="Digest">The content's digest, <c>sha256:&lt;hex&gt;</c>; the handler may check what it downloads against it.</param>
/// <param name="Kind">A file, a directory (the content is a tar to extract at the product's name) or a marker (empty).</param>
public sealed record RemoteStepInput(Uri Url, string Digest, ProductKind Kind);
