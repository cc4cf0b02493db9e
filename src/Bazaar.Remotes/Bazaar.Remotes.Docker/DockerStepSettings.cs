namespace Bazaar.Remotes.Docker;

/// <summary>A step's docker settings, read and checked from its remote's settings.</summary>
internal sealed record DockerStepSettings
{
    /// <summary>Gets the image reference.</summary>
    public required string Image { get; init; }

    /// <summary>Gets what a <c>run:</c> string goes through, or what comes before a <c>run:</c> list; <see langword="null"/> for the default.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Gets the entrypoint replacing the image's; <see langword="null"/> to keep it (cleared for a <c>run:</c> string).</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Gets the remote's environment; the step's <c>env:</c> and the <c>BAZAAR_*</c> variables win over it.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the user <c>user:</c> names, or <see langword="null"/> for this host's <c>uid:gid</c> (see <see cref="ContainerSecurity.User"/>).</summary>
    public string? User { get; init; }

    /// <summary>Gets the CPU limit in billionths of a CPU, or 0 for none.</summary>
    public long NanoCpus { get; init; }

    /// <summary>Gets the memory limit in bytes, or 0 for none.</summary>
    public long MemoryBytes { get; init; }

    /// <summary>Gets the network mode: <c>none</c>, or <c>host</c> where the host allows it.</summary>
    public string Network { get; init; } = "none";

    /// <summary>Gets the pull policy.</summary>
    public DockerPullPolicy Pull { get; init; }

    /// <summary>Gets the allowlisted mounts the step asked for.</summary>
    public IReadOnlyList<DockerMount> Mounts { get; init; } = [];
}
