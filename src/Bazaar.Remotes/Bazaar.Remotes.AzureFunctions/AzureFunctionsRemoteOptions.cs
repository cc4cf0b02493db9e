using System.ComponentModel.DataAnnotations;

namespace Bazaar.Remotes.AzureFunctions;

/// <summary>
/// Host-side settings of the <c>azure-functions</c> remote. A graph names a function (or a URL the host allows);
/// where functions live and the key that calls them are the host's business.
/// </summary>
public sealed class AzureFunctionsRemoteOptions
{
    /// <summary>The environment variable <see cref="BaseUrl"/> defaults to.</summary>
    public const string BaseUrlVariable = "BAZAAR_AZURE_FUNCTIONS_URL";

    /// <summary>The environment variable <see cref="AllowedUrls"/> adds to: URLs separated by commas or spaces.</summary>
    public const string AllowedUrlsVariable = "BAZAAR_AZURE_FUNCTIONS_ALLOWED_URLS";

    /// <summary>The environment variable <see cref="Key"/> defaults to: a secret, never logged.</summary>
    public const string KeyVariable = "BAZAAR_AZURE_FUNCTIONS_KEY";

    /// <summary>
    /// Gets or sets the URL a step's <c>function: name</c> is resolved against, e.g.
    /// <c>https://my-app.azurewebsites.net/api/</c>: https, or http on a loopback address only.
    /// </summary>
    /// <value>Default <see langword="null"/>: <c>BAZAAR_AZURE_FUNCTIONS_URL</c>; without either, <c>function:</c> is refused.</value>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// Gets the URLs a step's <c>url:</c> may be under (same scheme, host and port, and a path below): a graph
    /// file must not be able to send the host's key elsewhere.
    /// </summary>
    /// <value>Default empty, plus those in <c>BAZAAR_AZURE_FUNCTIONS_ALLOWED_URLS</c>; with none, <c>url:</c> is refused.</value>
    public IList<Uri> AllowedUrls { get; } = [];

    /// <summary>Gets or sets the function key sent as <c>x-functions-key</c>: a secret, never logged, never in a record.</summary>
    /// <value>Default <see langword="null"/>: <c>BAZAAR_AZURE_FUNCTIONS_KEY</c>; without either, no key is sent (an anonymous function).</value>
    public string? Key { get; set; }

    /// <summary>Gets or sets how many times one call is tried when the function throttles (429), fails (5xx), times out or cannot be reached.</summary>
    /// <value>Default 4.</value>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Gets or sets the wait before the first retry; it doubles each time, with jitter, up to <see cref="RetryMaxDelay"/>. A <c>Retry-After</c> wins.</summary>
    /// <value>Default 500 milliseconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the longest wait between two tries.</summary>
    /// <value>Default 20 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Gets or sets how long one call may take. Azure's front end ends an HTTP-triggered call at 230 seconds;
    /// a longer step answers 202 (a status URL, or the call-home callback) well before.
    /// </summary>
    /// <value>Default 240 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(240);

    /// <summary>Gets or sets how long to wait between two polls of a status URL whose answer gives no <c>Retry-After</c>.</summary>
    /// <value>Default 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the shortest wait between two polls, whatever <c>Retry-After</c> says.</summary>
    /// <value>Default 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest wait between two polls, whatever <c>Retry-After</c> says.</summary>
    /// <value>Default 60 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the deadline of a step without a timeout, and the longest any step may have.</summary>
    /// <value>Default 24 hours, as long as a call-home attempt may run.</value>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxStepDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets the largest answer read from a function or its status URL.</summary>
    /// <value>Default 4 MiB.</value>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;
}
