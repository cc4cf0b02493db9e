using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>
/// A container group on Azure Container Instances as code names it, <c>remote: { type: azure-container-instances, … }</c>
/// in a graph file. Each property is the graph file's setting of the same name; what is left out comes from the host.
/// </summary>
/// <example><c>new AzureContainerInstancesRemoteSpec { Cpu = 2, MemoryInGB = 4 }.Apply(step);</c></example>
public sealed record AzureContainerInstancesRemoteSpec : RemoteSpec
{
    /// <summary>Gets the subscription id; <see langword="null"/> for the host's.</summary>
    public string? Subscription { get; init; }

    /// <summary>Gets the resource group; <see langword="null"/> for the host's.</summary>
    public string? ResourceGroup { get; init; }

    /// <summary>Gets the region (<c>westeurope</c>); <see langword="null"/> for the host's.</summary>
    public string? Location { get; init; }

    /// <summary>Gets the image; <see langword="null"/> for the host's agent image.</summary>
    public string? Image { get; init; }

    /// <summary>Gets the cores, 0.1 to 4; <see langword="null"/> for 1.</summary>
    public double? Cpu { get; init; }

    /// <summary>Gets the memory in GB, 0.1 to 16; <see langword="null"/> for 1.5.</summary>
    public double? MemoryInGB { get; init; }

    /// <summary>Gets the resource id of a user-assigned identity the group runs as.</summary>
    public string? Identity { get; init; }

    /// <summary>Gets a private registry's login server (<c>myregistry.azurecr.io</c>).</summary>
    public string? RegistryServer { get; init; }

    /// <summary>Gets the registry's user name; with <see cref="RegistryPasswordSecret"/>, or neither to pull as <see cref="Identity"/>.</summary>
    public string? RegistryUsername { get; init; }

    /// <summary>Gets the name of the host variable that holds the registry's password, never the password.</summary>
    public string? RegistryPasswordSecret { get; init; }

    /// <inheritdoc/>
    public override string Type => AciSettingsReader.RemoteType;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, JsonElement> Settings
    {
        get
        {
            var settings = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            Add(settings, AciSettingsReader.SubscriptionKey, this.Subscription);
            Add(settings, AciSettingsReader.ResourceGroupKey, this.ResourceGroup);
            Add(settings, AciSettingsReader.LocationKey, this.Location);
            Add(settings, AciSettingsReader.ImageKey, this.Image);
            Add(settings, AciSettingsReader.CpuKey, this.Cpu);
            Add(settings, AciSettingsReader.MemoryKey, this.MemoryInGB);
            Add(settings, AciSettingsReader.IdentityKey, this.Identity);
            if (this.RegistryServer is not null)
            {
                var registry = new Dictionary<string, string>(StringComparer.Ordinal) { ["server"] = this.RegistryServer };
                if (this.RegistryUsername is not null)
                {
                    registry["username"] = this.RegistryUsername;
                }

                if (this.RegistryPasswordSecret is not null)
                {
                    registry["passwordSecret"] = this.RegistryPasswordSecret;
                }

                settings[AciSettingsReader.RegistryKey] = JsonSerializer.SerializeToElement(registry);
            }

            return settings;
        }
    }

    private static void Add<T>(Dictionary<string, JsonElement> settings, string key, T? value)
    {
        if (value is not null)
        {
            settings[key] = JsonSerializer.SerializeToElement(value);
        }
    }
}
