using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Bazaar.Http;

/// <summary>
/// A window of a step's log, with where it sits in the whole in headers: <c>X-Bazaar-Log-Offset</c> (its first
/// byte), <c>X-Bazaar-Log-Length</c> (the log's length when opened), <c>X-Bazaar-Log-Attempt</c>,
/// <c>X-Bazaar-Log-Attempts</c> and <c>X-Bazaar-Step-State</c>, so a viewer knows what to read next and
/// whether the step may still write.
/// </summary>
internal sealed class LogResult(StepLogRead log, string step, LogWindow window) : IResult
{
    public const string OffsetHeader = "X-Bazaar-Log-Offset";
    public const string LengthHeader = "X-Bazaar-Log-Length";
    public const string AttemptHeader = "X-Bazaar-Log-Attempt";
    public const string AttemptsHeader = "X-Bazaar-Log-Attempts";
    public const string StateHeader = "X-Bazaar-Step-State";
    public const string FoundHeader = "X-Bazaar-Log-Found";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var content = log.Content;
        await using var dispose = content.ConfigureAwait(false);
        var response = httpContext.Response;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers[OffsetHeader] = log.Offset.ToString(CultureInfo.InvariantCulture);
        response.Headers[LengthHeader] = log.Length.ToString(CultureInfo.InvariantCulture);
        response.Headers[AttemptHeader] = log.Attempt.ToString(CultureInfo.InvariantCulture);
        response.Headers[AttemptsHeader] = log.Record.Attempts.ToString(CultureInfo.InvariantCulture);
        response.Headers[StateHeader] = log.Record.State.ToString();
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        if (window.Find is { } find)
        {
            // Where the text is next, from the offset (within limit bytes), or -1; the viewer then reads a window there.
            var at = await LogSearch.FindAsync(content, find, window.Limit ?? long.MaxValue, httpContext.RequestAborted).ConfigureAwait(false);
            response.Headers[FoundHeader] = (at < 0 ? -1 : log.Offset + at).ToString(CultureInfo.InvariantCulture);
            return;
        }

        if (window.Download)
        {
            response.Headers.ContentDisposition = $"attachment; filename=\"{step}.attempt{log.Attempt}.log\"";
        }

        var left = window.Limit ?? long.MaxValue;
        var buffer = new byte[81920];
        var aborted = httpContext.RequestAborted;
        while (left > 0)
        {
            var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), aborted).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            await response.Body.WriteAsync(buffer.AsMemory(0, read), aborted).ConfigureAwait(false);
            left -= read;
        }
    }
}
