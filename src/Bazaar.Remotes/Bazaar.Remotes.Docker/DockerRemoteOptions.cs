using System.ComponentModel.DataAnnotations;

namespace Bazaar.Remotes.Docker;

/// <summary>
/// Host-side settings of the <c>docker</c> remote: how to reach the engine and what a graph may ask
/// for. A step's own settings (image, memory …) are in the graph file; see the project's README.
/// </summary>
public sealed class DockerRemoteOptions
{
    /// <summary>
    /// Gets or sets the engine's address, as <c>DOCKER_HOST</c> writes it: <c>unix:///var/run/docker.sock</c>
    /// or <c>tcp://host:2376</c>.
    /// </summary>
    /// <value>Default <see langword="null"/>: the <c>DOCKER_HOST</c> environment variable, else <c>unix:///var/run/docker.sock</c>.</value>
    public string? Host { get; set; }

    /// <summary>
    /// Gets or sets the folder with <c>ca.pem</c>, <c>cert.pem</c> and <c>key.pem</c> for a <c>tcp://</c>
    /// engine that requires TLS, as <c>DOCKER_CERT_PATH</c>.
    /// </summary>
    /// <value>Default <see langword="null"/>: <c>DOCKER_CERT_PATH</c>, else <c>~/.docker</c> when TLS is on.</value>
    public string? TlsCertificatePath { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether to speak TLS to a <c>tcp://</c> engine and check its
    /// certificate against <c>ca.pem</c>, as <c>DOCKER_TLS_VERIFY=1</c>.
    /// </summary>
    /// <value>Default <see langword="null"/>: on when <c>DOCKER_TLS_VERIFY</c> is set to anything but 0 or empty.</value>
    public bool? TlsVerify { get; set; }

    /// <summary>Gets or sets the pull policy of steps that do not set <c>pull:</c>.</summary>
    /// <value>Default <see cref="DockerPullPolicy.IfNotPresent"/>.</value>
    public DockerPullPolicy DefaultPullPolicy { get; set; } = DockerPullPolicy.IfNotPresent;

    /// <summary>Gets or sets where the step's workspace is mounted in the container, and its working directory.</summary>
    /// <value>Default <c>/work</c>.</value>
    [Required]
    [RegularExpression("^/.+", ErrorMessage = "WorkDirectory must be an absolute path other than /.")]
    public string WorkDirectory { get; set; } = "/work";

    /// <summary>
    /// Gets the folders steps may mount read-only, by name. Only these: a graph file names them, it
    /// cannot name a host path. Also read from <c>BAZAAR_DOCKER_MOUNTS</c>
    /// (<c>name=/host/path:/container/path;…</c>) when the remote is added.
    /// </summary>
    /// <value>Default empty.</value>
    public IDictionary<string, DockerMount> Mounts { get; } = new Dictionary<string, DockerMount>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets a value indicating whether steps may ask for <c>network: host</c>, which puts the
    /// container on this machine's network, loopback services included. Off, such a graph is refused
    /// when it is validated. Also turned on by <c>BAZAAR_DOCKER_ALLOW_HOST_NETWORK=true</c> when the
    /// remote is added.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool AllowHostNetwork { get; set; }

    /// <summary>
    /// Gets or sets the most processes (and threads) one step container may have at once; a fork bomb
    /// fails to fork there instead of exhausting this machine's PIDs.
    /// </summary>
    /// <value>Default 1024.</value>
    [Range(16, 4 * 1024 * 1024, ErrorMessage = "PidsLimit must be from 16 (a shell and a pipeline) to 4194304 (the kernel's most).")]
    public int PidsLimit { get; set; } = 1024;

    /// <summary>Gets or sets how long a stopped container (timeout, cancellation) gets after SIGTERM before SIGKILL.</summary>
    /// <value>Default 2 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how long to wait for the engine to answer before a step fails as unreachable.</summary>
    /// <value>Default 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets a value indicating whether, when this host does not run as root and a step ran as
    /// another user (<c>user:</c>), files it wrote in its workspace are given back to this host's user
    /// after the container exits (a short <c>chown -R</c> container of the step's image, run as root
    /// with only CHOWN and DAC_OVERRIDE), so its outputs can be collected and the workspace removed.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool ReclaimWorkspace { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether containers left by Bazaar processes that no longer run
    /// (a host killed mid-step) are removed when the host starts. See the README for which ones.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool RemoveLeftovers { get; set; } = true;

    /// <summary>
    /// Gets or sets how old a stopped Bazaar container of another machine must be before the leftover
    /// sweep removes it; containers of this machine are removed as soon as their host process is gone.
    /// </summary>
    /// <value>Default 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan LeftoverGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the longest line, in characters, written to the step's log as one line.</summary>
    /// <value>Default 65536.</value>
    [Range(256, 16 * 1024 * 1024)]
    public int MaxLineLength { get; set; } = 64 * 1024;

    /// <summary>
    /// Gets or sets this host's <c>uid:gid</c> as the remote sees it: the default user of step containers
    /// and whom the workspace is given back to; a test seam. <see langword="null"/> means this process's
    /// user, with nothing to give back when that is root.
    /// </summary>
    internal string? WorkspaceOwner { get; set; }
}
