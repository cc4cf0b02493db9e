using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AzureFunctions;

/// <summary>
/// An Azure Function as code names it, <c>remote: { type: azure-functions, function: … }</c> (or <c>url: …</c>)
/// in a graph file. Never a key: the host sends its own.
/// </summary>
/// <example><c>new AzureFunctionsRemoteSpec { Function = "bazaar-step" }.Apply(step);</c></example>
public sealed record AzureFunctionsRemoteSpec : RemoteSpec
{
    /// <summary>Gets the function's name under the host's base URL; set this or <see cref="Url"/>.</summary>
    public string? Function { get; init; }

    /// <summary>Gets the function's URL, which must be under one of the host's allowed URLs; set this or <see cref="Function"/>.</summary>
    public Uri? Url { get; init; }

    /// <inheritdoc/>
    public override string Type => FunctionSettingsReader.RemoteType;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, JsonElement> Settings
    {
        get
        {
            var settings = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (this.Function is not null)
            {
                settings[FunctionSettingsReader.FunctionKey] = JsonSerializer.SerializeToElement(this.Function);
            }

            if (this.Url is not null)
            {
                settings[FunctionSettingsReader.UrlKey] = JsonSerializer.SerializeToElement(this.Url.AbsoluteUri);
            }

            return settings;
        }
    }
}
