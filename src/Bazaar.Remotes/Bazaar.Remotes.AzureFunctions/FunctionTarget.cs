using Bazaar.Remotes.Http;

namespace Bazaar.Remotes.AzureFunctions;

/// <summary>The function a step calls, resolved on the host: its URL (no secret in it) and how messages name it.</summary>
/// <param name="Url">The function's URL.</param>
/// <param name="Name">The name the graph gave (<c>function:</c>), or <see langword="null"/> for a <c>url:</c>.</param>
internal sealed record FunctionTarget(Uri Url, string? Name)
{
    /// <summary>Describes the function for messages: <c>Azure Function 'f' at https://…/api/f</c>.</summary>
    /// <returns>The text.</returns>
    public string Describe() => this.Name is { } name
        ? $"Azure Function '{name}' at {SecretUrls.Describe(this.Url)}"
        : $"Azure Function at {SecretUrls.Describe(this.Url)}";
}
