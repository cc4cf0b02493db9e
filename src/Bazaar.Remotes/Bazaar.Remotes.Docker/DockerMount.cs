using System.ComponentModel.DataAnnotations;

namespace Bazaar.Remotes.Docker;

/// <summary>
/// A host folder the host's configuration allows steps to mount, read-only, by name
/// (<c>mounts: [name]</c> in a graph file). A graph file cannot name a host path itself.
/// </summary>
public sealed class DockerMount
{
    /// <summary>Gets or sets the absolute path on the Docker engine's host.</summary>
    [Required]
    [RegularExpression("^/.*", ErrorMessage = "HostPath must be an absolute path.")]
    public string HostPath { get; set; } = string.Empty;

    /// <summary>Gets or sets the absolute path inside the container.</summary>
    [Required]
    [RegularExpression("^/.*", ErrorMessage = "ContainerPath must be an absolute path.")]
    public string ContainerPath { get; set; } = string.Empty;
}
