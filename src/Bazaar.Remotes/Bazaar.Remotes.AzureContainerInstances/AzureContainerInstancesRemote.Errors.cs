using Bazaar.Graphs;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <content>What ARM's refusals mean, and what to do about each.</content>
internal sealed partial class AzureContainerInstancesRemote
{
    /// <summary>The role a host's identity needs, as the README's custom role names it.</summary>
    internal const string RoleAdvice =
        "The host's identity needs Microsoft.ContainerInstance/containerGroups/* on the resource group: assign it the custom role " +
        "'Bazaar Container Instances Operator' (README, azure-container-instances), or Contributor";

    // Codes ACI and ARM answer when a subscription or region has no room for another group right now.
    private static readonly string[] QuotaCodes =
    [
        "ContainerGroupQuotaReached", "StandardCoresQuotaReached", "QuotaExceeded", "ServiceUnavailable",
        "ResourceRequestsThrottled", "SubscriptionRequestsThrottled", "ResourceUnavailable",
    ];

    /// <summary>Turns a refusal or failure into an exception whose kind and message say what to do.</summary>
    /// <param name="step">The step, when there is one.</param>
    /// <param name="verb">What was asked: create, read, stop, delete.</param>
    /// <param name="where">The group, for messages.</param>
    /// <param name="job">The job being created, when it is one.</param>
    /// <param name="answer">ARM's answer.</param>
    /// <returns>The exception.</returns>
    private AzureContainerInstancesRemoteException Refused(string? step, string verb, string where, AciJob? job, ArmResponse answer)
    {
        var (code, _) = answer.Error();
        var who = step is null ? string.Empty : $"Step '{step}': ";
        var what = $"{who}Azure Resource Manager refused to {verb} {where} with {answer.DescribeError()}.";
        this.logger.Refused(verb, where, answer.Status, code ?? string.Empty);
        var (kind, advice) = (answer.Status, code) switch
        {
            (429, _) => (FailureKind.Infrastructure,
                $"ARM throttled the host's calls even after {this.options.MaxAttempts} tries (honouring Retry-After); lower the graph's parallelism or raise the remote's MaxAttempts. Another try of the step may succeed."),
            (_, { } c) when QuotaCodes.Contains(c, StringComparer.OrdinalIgnoreCase) => (FailureKind.Infrastructure,
                $"The subscription has no room for another container group{(job is null ? string.Empty : $" in {job.Location}")} now: lower the graph's parallelism, let running steps end, " +
                "delete leftover groups (tag bazaar-run), or ask for more Container Instances quota (Azure portal, Quotas). Another try of the step may succeed."),
            (401 or 403, _) => (FailureKind.Misconfigured,
                RoleAdvice + (job?.Identity is null ? "." : "; to give the group its identity it also needs Microsoft.ManagedIdentity/userAssignedIdentities/assign/action on that identity (Managed Identity Operator).")),
            (_, "MissingSubscriptionRegistration") => (FailureKind.Misconfigured,
                "Register the resource provider once: az provider register --namespace Microsoft.ContainerInstance."),
            (_, "ResourceGroupNotFound") => (FailureKind.Misconfigured,
                "Create the resource group, or fix resourceGroup: in the graph (or the host's BAZAAR_ACI_RESOURCE_GROUP)."),
            (_, "SubscriptionNotFound" or "InvalidSubscriptionId") => (FailureKind.Misconfigured,
                "Fix subscription: in the graph (or the host's AZURE_SUBSCRIPTION_ID)."),
            (_, "InaccessibleImage" or "InvalidImage") => (FailureKind.Misconfigured,
                "ACI cannot pull the image: check image: (or the host's BAZAAR_AGENT_IMAGE) and, for a private registry, registry: and its credentials."),
            (409, _) => (FailureKind.Infrastructure, "The group is busy (being created, stopped or deleted); another try may succeed."),
            (>= 500, _) => (FailureKind.Infrastructure, "Azure failed; another try may succeed."),
            _ => (FailureKind.Misconfigured, $"Check the {AciSettingsReader.RemoteType} remote's settings (location, cpu, memoryInGB, identity, registry) against what the subscription offers."),
        };
        return new AzureContainerInstancesRemoteException($"{what} {advice}") { Kind = kind };
    }
}
