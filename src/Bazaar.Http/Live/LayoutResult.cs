using Microsoft.AspNetCore.Http;

namespace Bazaar.Http;

/// <summary>A cached layout's JSON, with its key as a strong <c>ETag</c>: a tab that has it gets 304.</summary>
internal sealed class LayoutResult(string key, byte[] json, string ifNoneMatch) : IResult
{
    /// <summary>Gets the <c>Server-Timing</c> header: how long reading the run's graph and laying it out took.</summary>
    public string? Timing { get; init; }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var etag = $"\"{key}\"";
        response.Headers.ETag = etag;
        response.Headers.CacheControl = "private, no-cache";
        if (this.Timing is not null)
        {
            response.Headers["Server-Timing"] = this.Timing;
        }

        if (ifNoneMatch.Split(',').Any(t => t.Trim() == etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json, httpContext.RequestAborted).AsTask();
    }
}
