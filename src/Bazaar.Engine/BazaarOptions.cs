namespace Bazaar;

/// <summary>Settings of the step execution machinery.</summary>
public sealed class BazaarOptions
{
    /// <summary>
    /// Gets or sets where step workspaces are created. Bazaar creates it with mode 0700 and refuses to use it
    /// when it is a symbolic link, owned by another user, or writable by others; each workspace is 0700 too.
    /// </summary>
    /// <value>
    /// Defaults to <c>bazaar-&lt;uid&gt;/work</c> under the system's temporary folder, in a per-user folder that
    /// must be this user's and closed to everyone else (<c>bazaar/work</c> where there are no uids).
    /// </value>
    public string WorkRoot { get; set; } = Path.Combine(Files.PrivateFolder.PerUserRoot, "work");

    /// <summary>Gets or sets a value indicating whether workspaces are kept after their step ends, for debugging.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool KeepWorkspaces { get; set; }

    /// <summary>Gets or sets how often a running step checks whether its run was cancelled.</summary>
    /// <value>2 seconds: one small read per running step that often.</value>
    public TimeSpan CancelPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets the names of host environment variables a graph's <c>secrets:</c> may name. Any other
    /// name is refused when the graph is submitted and fails its step, so a graph cannot ask for the
    /// host's storage key or cloud credentials by name.
    /// </summary>
    /// <value>
    /// Defaults to the comma-separated names in the <c>BAZAAR_SHAREABLE_SECRETS</c> environment
    /// variable, read when the options are created; empty (no graph gets any host variable) when it is unset.
    /// </value>
    public ISet<string> ShareableSecrets { get; } = new HashSet<string>(
        Remotes.ShareableSecrets.Parse(Environment.GetEnvironmentVariable(Remotes.ShareableSecrets.Variable)),
        StringComparer.Ordinal);
}
