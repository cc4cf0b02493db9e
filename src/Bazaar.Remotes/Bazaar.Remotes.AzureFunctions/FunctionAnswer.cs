namespace Bazaar.Remotes.AzureFunctions;

/// <summary>A function's (or its status URL's) answer, read within the remote's budget.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body.</param>
/// <param name="Location">The <c>Location</c> header, resolved against the request's URL; a secret may be in its query.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header as a wait.</param>
internal sealed record FunctionAnswer(int Status, byte[] Body, Uri? Location, TimeSpan? RetryAfter);
