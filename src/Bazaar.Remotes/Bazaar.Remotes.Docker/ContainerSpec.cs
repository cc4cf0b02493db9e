using Bazaar.Graphs;
using Docker.DotNet.Models;

namespace Bazaar.Remotes.Docker;

/// <summary>Builds the engine's create-container request for one step attempt.</summary>
internal static class ContainerSpec
{
    /// <summary>The shell a <c>run:</c> string goes through unless <c>command:</c> says otherwise.</summary>
    public static readonly IReadOnlyList<string> DefaultShell = ["/bin/sh", "-c"];

    /// <summary>
    /// Creates the request: least privilege (see <see cref="ContainerSecurity"/>), this host's user unless
    /// <c>user:</c> says otherwise, no network unless <c>network: host</c> is asked for and allowed.
    /// </summary>
    /// <param name="context">The step.</param>
    /// <param name="settings">Its docker settings.</param>
    /// <param name="run">Its command.</param>
    /// <param name="workspace">Its workspace folder on this host.</param>
    /// <param name="options">The remote's options.</param>
    /// <returns>The request.</returns>
    /// <exception cref="DockerRemoteException">The step asks for the host's network and the host does not allow it.</exception>
    public static CreateContainerParameters Create(StepContext context, DockerStepSettings settings, StepCommand run, string workspace, DockerRemoteOptions options)
    {
        IList<string>? entrypoint;
        List<string> command;
        if (run.Shell is { } script)
        {
            // A string runs through a shell, whatever the image's ENTRYPOINT is ([""] resets it).
            entrypoint = settings.Entrypoint?.ToList() ?? [string.Empty];
            command = [.. settings.Command ?? DefaultShell, script];
        }
        else
        {
            // A list is argv: the image's ENTRYPOINT (or entrypoint:) gets it, after command: if given.
            entrypoint = settings.Entrypoint?.ToList();
            command = [.. settings.Command ?? [], .. run.Args ?? []];
        }

        var environment = new Dictionary<string, string>(settings.Env, StringComparer.Ordinal);
        foreach (var (name, value) in context.Environment)
        {
            environment[name] = value;
        }

        environment["BAZAAR_WORKSPACE"] = options.WorkDirectory;
        var mounts = new List<Mount> { new() { Type = "bind", Source = workspace, Target = options.WorkDirectory } };
        mounts.AddRange(settings.Mounts.Select(m => new Mount { Type = "bind", Source = m.HostPath, Target = m.ContainerPath, ReadOnly = true }));
        return new CreateContainerParameters
        {
            Image = settings.Image,
            Entrypoint = entrypoint,
            Cmd = command,
            Env = environment.Select(e => $"{e.Key}={e.Value}").ToList(),
            User = ContainerSecurity.User(settings, options),
            WorkingDir = options.WorkDirectory,
            Labels = ContainerLabels.For(context, "step"),
            AttachStdout = true,
            AttachStderr = true,
            HostConfig = ContainerSecurity.Restrict(
                new HostConfig
                {
                    Mounts = mounts,

                    // The settings reader refused host networking already; this holds for settings built any other way.
                    NetworkMode = ContainerSecurity.NetworkMode(context.Step.Name, settings, options),
                    NanoCPUs = settings.NanoCpus,
                    Memory = settings.MemoryBytes,

                    // No swap beyond the limit: memory: means what it says.
                    MemorySwap = settings.MemoryBytes,
                },
                ContainerSecurity.StepCapabilities,
                options),
        };
    }

    /// <summary>Creates the request of the short container that gives a workspace back to its owner.</summary>
    /// <param name="context">The step.</param>
    /// <param name="image">The step's image (it has a <c>chown</c>, or the fix-up fails and says so).</param>
    /// <param name="workspace">The workspace folder on this host.</param>
    /// <param name="owner">The <c>uid:gid</c> to give it to.</param>
    /// <param name="options">The remote's options.</param>
    /// <returns>The request.</returns>
    public static CreateContainerParameters Reclaim(StepContext context, string image, string workspace, string owner, DockerRemoteOptions options) => new()
    {
        Image = image,
        Entrypoint = ["chown", "-R", owner, options.WorkDirectory],
        Cmd = [],
        User = "0:0",
        Labels = ContainerLabels.For(context, "reclaim"),
        HostConfig = ContainerSecurity.Restrict(
            new HostConfig
            {
                Mounts = [new Mount { Type = "bind", Source = workspace, Target = options.WorkDirectory }],
                NetworkMode = "none",
            },
            ContainerSecurity.ReclaimCapabilities,
            options),
    };
}
