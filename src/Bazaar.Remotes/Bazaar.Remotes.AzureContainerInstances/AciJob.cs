namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>One attempt as a container group: the step's settings resolved against the host's defaults.</summary>
/// <param name="Target">Where the group lives and its name.</param>
/// <param name="RunId">The run.</param>
/// <param name="Step">The step.</param>
/// <param name="Attempt">The attempt.</param>
/// <param name="Location">The region.</param>
/// <param name="Image">The image.</param>
/// <param name="Cpu">The cores.</param>
/// <param name="MemoryInGB">The memory, in GB.</param>
/// <param name="Identity">The user-assigned identity, or <see langword="null"/>.</param>
/// <param name="Registry">The private registry, or <see langword="null"/>.</param>
internal sealed record AciJob(
    ContainerGroupTarget Target,
    string RunId,
    string Step,
    int Attempt,
    string Location,
    string Image,
    double Cpu,
    double MemoryInGB,
    string? Identity,
    AciRegistry? Registry);
