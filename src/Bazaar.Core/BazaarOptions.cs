namespace Bazaar;

/// <summary>Settings of the step execution machinery.</summary>
public sealed class BazaarOptions
{
    /// <summary>Gets or sets where step workspaces are created.</summary>
    /// <value>Defaults to <c>bazaar/work</c> under the system's temporary folder.</value>
    public string WorkRoot { get; set; } = Path.Combine(Path.GetTempPath(), "bazaar", "work");

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
