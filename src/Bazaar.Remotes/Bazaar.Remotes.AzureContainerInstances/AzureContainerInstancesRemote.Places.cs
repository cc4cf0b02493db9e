using Bazaar.Graphs;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <content>Where the host lets graphs make container groups (<see cref="AciPlaces"/>), and the refusal of anywhere else.</content>
internal sealed partial class AzureContainerInstancesRemote
{
    /// <summary>Reads where graphs may make container groups, from the options and the host's environment.</summary>
    private AciPlaces Places() => AciPlaces.Read(
        this.options,
        NonBlank(this.options.Subscription ?? this.GetEnvironmentVariable("AZURE_SUBSCRIPTION_ID")),
        NonBlank(this.options.ResourceGroup ?? this.GetEnvironmentVariable("BAZAAR_ACI_RESOURCE_GROUP")),
        this.GetEnvironmentVariable);

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static AzureContainerInstancesRemoteException NotAllowed(string? step, string what, string advice) =>
        new($"{(step is null ? "A job" : $"Step '{step}'")} asks for {what}, which this host does not let graphs use; {advice}.")
        {
            Kind = FailureKind.Misconfigured,
        };
}
