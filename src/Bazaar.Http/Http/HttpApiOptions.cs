using System.ComponentModel.DataAnnotations;

namespace Bazaar.Http;

/// <summary>Limits of the HTTP API.</summary>
public sealed class HttpApiOptions
{
    /// <summary>Gets or sets the largest graph body <c>POST /api/runs</c> accepts, in bytes.</summary>
    /// <value>1 MiB. A larger body is answered with 413.</value>
    [Range(1, int.MaxValue)]
    public int MaxGraphBytes { get; set; } = 1 << 20;

    /// <summary>Gets or sets the largest multipart body (graph and inputs) <c>POST /api/runs</c> accepts, in bytes.</summary>
    /// <value>1 GiB. A larger body is answered with 413.</value>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 1L << 30;

    /// <summary>Gets or sets how many runs <c>GET /api/runs</c> lists at most.</summary>
    /// <value>50; a request may ask for fewer or more with <c>?limit=</c>, up to 1000.</value>
    [Range(1, 1000)]
    public int ListLimit { get; set; } = 50;

    /// <summary>Gets or sets the largest body the callback route accepts, in bytes.</summary>
    /// <value>2 MiB: a <c>done</c> report carries a log tail of up to 1 MiB. A larger body is answered with 413.</value>
    [Range(1, int.MaxValue)]
    public int MaxCallbackBytes { get; set; } = 2 << 20;
}
