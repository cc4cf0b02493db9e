namespace Bazaar.Remotes.AzureFunctions;

/// <summary>A step's <c>azure-functions</c> settings, read and checked from its remote's settings: exactly one of the two is set.</summary>
/// <param name="Function">The function's name, resolved against the host's base URL; or <see langword="null"/>.</param>
/// <param name="Url">The function's URL, which must be under one of the host's allowed URLs; or <see langword="null"/>.</param>
internal sealed record FunctionStepSettings(string? Function, Uri? Url);
