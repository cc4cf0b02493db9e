using System.Text.Json;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>What ARM answered: the status, the body (small JSON), and the headers Bazaar acts on.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body.</param>
/// <param name="AsyncOperation">The <c>Azure-AsyncOperation</c> header of a long-running operation.</param>
/// <param name="Location">The <c>Location</c> header of a long-running operation.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header, as a delay.</param>
internal sealed record ArmResponse(int Status, byte[] Body, Uri? AsyncOperation, Uri? Location, TimeSpan? RetryAfter)
{
    /// <summary>Gets a value indicating whether the status is 2xx.</summary>
    public bool IsSuccess => this.Status is >= 200 and < 300;

    /// <summary>Reads ARM's error shape, <c>{ "error": { "code": …, "message": … } }</c>.</summary>
    /// <returns>The code and message, either <see langword="null"/> when absent.</returns>
    public (string? Code, string? Message) Error()
    {
        try
        {
            using var document = JsonDocument.Parse(this.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return (String(error, "code"), String(error, "message"));
            }
        }
        catch (JsonException)
        {
        }

        return (null, null);
    }

    /// <summary>Describes the error for a message: <c>409 ContainerGroupQuotaReached: …</c>.</summary>
    /// <returns>The text.</returns>
    public string DescribeError()
    {
        var (code, message) = this.Error();
        return (code, message) switch
        {
            (null, null) => $"{this.Status}",
            (null, _) => $"{this.Status} {message}",
            (_, null) => $"{this.Status} {code}",
            _ => $"{this.Status} {code}: {message}",
        };
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
