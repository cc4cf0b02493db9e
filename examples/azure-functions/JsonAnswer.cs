using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Bazaar.Examples.StepFunction;

/// <summary>An answer written straight to the response: the same in the Functions host and in a plain Kestrel app.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Json">The body, already JSON; <see langword="null"/> for none.</param>
/// <param name="Location">The <c>Location</c> header, or <see langword="null"/>.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header, or <see langword="null"/>.</param>
public sealed record JsonAnswer(int Status, string? Json = null, Uri? Location = null, TimeSpan? RetryAfter = null) : IActionResult
{
    /// <inheritdoc/>
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await this.WriteAsync(context.HttpContext.Response).ConfigureAwait(false);
    }

    /// <summary>Writes the answer.</summary>
    /// <param name="response">The response.</param>
    /// <returns>A task that completes when it is written.</returns>
    public async Task WriteAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = this.Status;
        if (this.Location is { } location)
        {
            response.Headers.Location = location.AbsoluteUri;
        }

        if (this.RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (this.Json is { } json)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(json).ConfigureAwait(false);
        }
    }
}
