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

    /// <summary>Gets or sets how often a watched run is read for the live view (one reader per run, however many tabs).</summary>
    /// <value>1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how often an idle event stream sends a heartbeat comment, so proxies keep it open.</summary>
    /// <value>15 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan LiveHeartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets or sets how long one event stream lasts before the server ends it and the browser reconnects with
    /// <c>Last-Event-ID</c>, losing nothing. The Function App sets it under its front end's 230 s request limit.
    /// </summary>
    /// <value>10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LiveStreamLimit { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long a watched run keeps being read after its last listener left, for one that reconnects.</summary>
    /// <value>30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan LiveLinger { get; set; } = TimeSpan.FromSeconds(30);
}
