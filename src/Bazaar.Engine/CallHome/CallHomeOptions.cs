using System.ComponentModel.DataAnnotations;

namespace Bazaar.CallHome;

/// <summary>Settings of call-home: where agents call and the keys their tokens are signed with.</summary>
public sealed class CallHomeOptions
{
    /// <summary>
    /// Gets or sets the host's public base URL, which agents reach; the callback route is
    /// <see cref="CallHomeEvents.Path"/> below it (<c>BAZAAR_CALLBACK_URL</c>).
    /// </summary>
    /// <value>
    /// <see langword="null"/>: <c>bazaar serve</c> then uses its own listening address, the Function App
    /// <c>https://</c> and its <c>WEBSITE_HOSTNAME</c>; elsewhere a call-home step fails as misconfigured.
    /// </value>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Gets or sets the keys tokens are signed and checked with.</summary>
    /// <value>
    /// <see langword="null"/>: no token is issued or accepted. <c>bazaar serve</c> sets a per-installation key
    /// kept 0600 in <c>~/.bazaar/callback.keys</c>; the Function App reads <c>BAZAAR_CALLBACK_KEYS</c>.
    /// </value>
    public CallbackKeyRing? Keys { get; set; }

    /// <summary>
    /// Gets or sets how long after the step's deadline its tokens are still accepted: an agent that stops
    /// the step at the deadline reports <c>done</c> (timed out) just after it.
    /// </summary>
    /// <value>2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(2);
}
