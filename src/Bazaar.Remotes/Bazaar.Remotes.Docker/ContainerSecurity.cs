using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Remotes.Docker;

/// <summary>
/// The least privilege every container of this remote starts with: all Linux capabilities dropped but
/// a short list, no privilege gained through set-uid files, a bounded number of processes, this host's
/// user unless the graph names one, and no host network unless the host allows it.
/// </summary>
internal static class ContainerSecurity
{
    /// <summary>
    /// The capabilities a step container keeps; every other is dropped (Docker's default set also has
    /// MKNOD, NET_RAW, NET_BIND_SERVICE, SYS_CHROOT, SETPCAP, SETFCAP and AUDIT_WRITE). They only take
    /// effect for a container that runs as root (<c>user: 0</c>, or the default on a root host): a
    /// container of another user starts with none effective.
    /// </summary>
    public static readonly IReadOnlyList<string> StepCapabilities =
    [
        // chown: package managers and tar (as root) give the files they unpack to their owners.
        "CHOWN",

        // Root reads and writes files it does not own: the workspace and its inputs belong to this host's user.
        "DAC_OVERRIDE",

        // chmod, touch -d, utime on files of another owner: build tools restore modes and times on inputs.
        "FOWNER",

        // chmod keeps set-gid bits on directories of another group (shared group-writable build folders).
        "FSETID",

        // Signal processes that run as another user: a build's root driver stopping its own workers.
        "KILL",

        // Change user and group: package managers and entrypoints (gosu, su-exec, apt's _apt) drop to another user.
        "SETGID",
        "SETUID",
    ];

    /// <summary>The capabilities of the short container that gives the workspace back: chown, through folders of any mode.</summary>
    public static readonly IReadOnlyList<string> ReclaimCapabilities = ["CHOWN", "DAC_OVERRIDE"];

    /// <summary>The security option that keeps set-uid and set-gid files (and file capabilities) from raising privileges.</summary>
    public const string NoNewPrivileges = "no-new-privileges:true";

    /// <summary>Sets capabilities, <c>no-new-privileges</c> and the PID limit on a container's host configuration.</summary>
    /// <param name="host">The host configuration.</param>
    /// <param name="capabilities">The capabilities to keep.</param>
    /// <param name="options">The remote's options (the PID limit).</param>
    /// <returns>The same configuration.</returns>
    public static HostConfig Restrict(HostConfig host, IReadOnlyList<string> capabilities, DockerRemoteOptions options)
    {
        host.CapDrop = ["ALL"];
        host.CapAdd = [.. capabilities];
        host.SecurityOpt = [NoNewPrivileges];
        host.PidsLimit = options.PidsLimit;
        return host;
    }

    /// <summary>
    /// Gets the user a container runs as: the step's <c>user:</c>, else this host's <c>uid:gid</c> (root's
    /// <c>0:0</c> on a root host), else — on a platform that does not say — the image's.
    /// </summary>
    /// <param name="settings">The step's docker settings.</param>
    /// <param name="options">The remote's options.</param>
    /// <returns>The user, or <see langword="null"/> for the image's.</returns>
    public static string? User(DockerStepSettings settings, DockerRemoteOptions options) =>
        settings.User ?? options.WorkspaceOwner ?? WorkspaceOwner.Current;

    /// <summary>Explains why <c>network: host</c> is refused and how a host allows it.</summary>
    /// <returns>The explanation, to follow what was refused.</returns>
    public static string HostNetworkRefusal() =>
        "this host does not allow it: a container on the host's network reaches every service of this machine, its loopback ones too. " +
        $"Use network: none, or allow host networking where Bazaar runs with {DockerRemoteBuilderExtensions.AllowHostNetworkVariable}=true (or DockerRemoteOptions.AllowHostNetwork)";

    /// <summary>The network mode of a step's container; refuses <c>host</c> unless allowed, whoever built the settings.</summary>
    /// <param name="stepName">The step, for the message.</param>
    /// <param name="settings">The step's docker settings.</param>
    /// <param name="options">The remote's options.</param>
    /// <returns><c>none</c> or <c>host</c>.</returns>
    /// <exception cref="DockerRemoteException">The step asks for <c>host</c> and the host does not allow it.</exception>
    public static string NetworkMode(string stepName, DockerStepSettings settings, DockerRemoteOptions options) =>
        settings.Network == "host" && !options.AllowHostNetwork
            ? throw new DockerRemoteException($"step '{stepName}' asks for network: host, and {HostNetworkRefusal()}.") { Kind = Graphs.FailureKind.Misconfigured }
            : settings.Network;
}
