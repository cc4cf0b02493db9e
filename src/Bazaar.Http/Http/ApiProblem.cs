using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Http;

/// <summary>
/// An RFC 9457 problem answer (<c>application/problem+json</c>): a status, a title, a detail saying
/// what to do, and for graph problems the list of them. Written without any service from the
/// request, so both hosts and unit tests can run it.
/// </summary>
public sealed class ApiProblem : IResult, IStatusCodeHttpResult
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Initializes a new instance of the <see cref="ApiProblem"/> class.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="title">A short, fixed summary of the kind of problem.</param>
    /// <param name="detail">What went wrong with this request, and what to do.</param>
    public ApiProblem(int status, string title, string detail)
    {
        this.Status = status;
        this.Title = title;
        this.Detail = detail;
    }

    /// <summary>Gets the HTTP status.</summary>
    public int Status { get; }

    /// <summary>Gets the short summary.</summary>
    public string Title { get; }

    /// <summary>Gets what went wrong and what to do.</summary>
    public string Detail { get; }

    /// <summary>Gets the graph's problems, for a 400 about an invalid graph.</summary>
    public IReadOnlyList<Graphs.GraphProblem>? Problems { get; init; }

    /// <summary>Gets headers to send with it, e.g. <c>Allow</c> for a 405.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <inheritdoc/>
    int? IStatusCodeHttpResult.StatusCode => this.Status;

    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = this.Status;
        response.ContentType = "application/problem+json; charset=utf-8";
        foreach (var (name, value) in this.Headers)
        {
            response.Headers[name] = value;
        }

        var body = new Body(
            $"https://httpstatuses.io/{this.Status}",
            this.Title,
            this.Status,
            this.Detail,
            httpContext.Request.Path.HasValue ? httpContext.Request.Path.Value : null,
            this.Problems?.Select(p => new BodyProblem(p.Message, p.Source, p.Line, p.Column)).ToList());
        return JsonSerializer.SerializeAsync(response.Body, body, Json, httpContext.RequestAborted);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{this.Status} {this.Title}: {this.Detail}";

    internal static ApiProblem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Bad request", detail);

    internal static ApiProblem NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    internal static ApiProblem Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);

    internal static ApiProblem TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "Request body too large", detail);

    internal static ApiProblem Unsupported(string detail) => new(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);

    internal static ApiProblem Unavailable(string detail) => new(StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail);

    private sealed record Body(string Type, string Title, int Status, string Detail, string? Instance, IReadOnlyList<BodyProblem>? Problems);

    private sealed record BodyProblem(string Message, string Source, int? Line, int? Column);
}
