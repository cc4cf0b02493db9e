namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>A step's <c>azure-container-instances</c> settings, read and checked; what it leaves out comes from the host.</summary>
/// <param name="Subscription">The subscription id, or <see langword="null"/> for the host's.</param>
/// <param name="ResourceGroup">The resource group, or <see langword="null"/> for the host's.</param>
/// <param name="Location">The region (<c>westeurope</c>), or <see langword="null"/> for the host's.</param>
/// <param name="Image">The image, or <see langword="null"/> for the host's agent image.</param>
/// <param name="Cpu">The cores asked for.</param>
/// <param name="MemoryInGB">The memory asked for, in GB.</param>
/// <param name="Identity">The user-assigned identity's resource id, or <see langword="null"/>.</param>
/// <param name="Registry">The private registry to pull from, or <see langword="null"/>.</param>
internal sealed record AciStepSettings(
    string? Subscription,
    string? ResourceGroup,
    string? Location,
    string? Image,
    double Cpu,
    double MemoryInGB,
    string? Identity,
    AciRegistry? Registry);

/// <summary>A private registry: its server and either a user name with a host secret's name, or the step's identity.</summary>
/// <param name="Server">The login server (<c>myregistry.azurecr.io</c>).</param>
/// <param name="Username">The user name, or <see langword="null"/> to pull with the step's identity.</param>
/// <param name="PasswordSecret">The name of the host variable holding the password; never the password.</param>
internal sealed record AciRegistry(string Server, string? Username, string? PasswordSecret);
