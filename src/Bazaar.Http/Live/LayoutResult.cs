using Microsoft.AspNetCore.Http;

namespace Bazaar.Http;

/// <summary>A cached layout's JSON, with its key as a strong <c>ETag</c>: a tab that has it gets 304.</summary>
internal sealed class LayoutResult(string key, byte[] json, string ifNoneMatch) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var etag = $"\"{key}\"";
        response.Headers.ETag = etag;
        response.Headers.CacheControl = "private, no-cache";
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
