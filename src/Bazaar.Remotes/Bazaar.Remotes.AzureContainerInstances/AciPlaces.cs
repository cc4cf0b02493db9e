namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>
/// Where this host lets graphs make container groups, and which identities it lets them give one: the host's
/// own resource group, those listed in <see cref="AzureContainerInstancesRemoteOptions.ResourceGroups"/> or
/// <c>BAZAAR_ACI_RESOURCE_GROUPS</c>, and the identities in <see cref="AzureContainerInstancesRemoteOptions.Identities"/>
/// or <c>BAZAAR_ACI_IDENTITIES</c>. The host's Azure role is the outer fence; this is the inner one, so a graph
/// cannot reach a group or borrow an identity the host's role happens to cover but its owner never meant for graphs.
/// The janitor looks in the same places.
/// </summary>
internal sealed class AciPlaces
{
    /// <summary>The host variable listing more resource groups, comma separated: <c>group</c> or <c>subscription/group</c>.</summary>
    public const string ResourceGroupsVariable = "BAZAAR_ACI_RESOURCE_GROUPS";

    /// <summary>The host variable listing the identities graphs may use, comma separated resource ids.</summary>
    public const string IdentitiesVariable = "BAZAAR_ACI_IDENTITIES";

    private readonly HashSet<(string Subscription, string Group)> groups;
    private readonly HashSet<string> identities;

    private AciPlaces(HashSet<(string Subscription, string Group)> groups, HashSet<string> identities)
    {
        this.groups = groups;
        this.identities = identities;
    }

    /// <summary>Gets every allowed resource group, the host's first.</summary>
    public IReadOnlyCollection<(string Subscription, string Group)> Groups => this.groups;

    /// <summary>Reads the host's lists.</summary>
    /// <param name="options">The remote's options.</param>
    /// <param name="subscription">The host's subscription, or <see langword="null"/> when it sets none.</param>
    /// <param name="group">The host's resource group, or <see langword="null"/> when it sets none.</param>
    /// <param name="environment">The host's environment.</param>
    /// <returns>The places.</returns>
    public static AciPlaces Read(AzureContainerInstancesRemoteOptions options, string? subscription, string? group, Func<string, string?> environment)
    {
        // Resource group names and resource ids are case-insensitive in ARM.
        var groups = new HashSet<(string, string)>(PlaceComparer.Instance);
        if (subscription is not null && group is not null)
        {
            groups.Add((subscription, group));
        }

        foreach (var entry in options.ResourceGroups.Concat(Split(environment(ResourceGroupsVariable))))
        {
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0)
            {
                groups.Add((entry[..slash].Trim(), entry[(slash + 1)..].Trim()));
            }
            else if (subscription is not null)
            {
                groups.Add((subscription, entry.Trim()));
            }
        }

        var identities = new HashSet<string>(options.Identities.Concat(Split(environment(IdentitiesVariable))).Select(i => i.Trim()), StringComparer.OrdinalIgnoreCase);
        return new AciPlaces(groups, identities);
    }

    /// <summary>Gets a value indicating whether graphs may use the resource group.</summary>
    /// <param name="subscription">The subscription.</param>
    /// <param name="group">The resource group.</param>
    /// <returns><see langword="true"/> when the host allows it.</returns>
    public bool Allows(string subscription, string group) => this.groups.Contains((subscription, group));

    /// <summary>Gets a value indicating whether graphs may give a container group the identity.</summary>
    /// <param name="identity">The identity's resource id.</param>
    /// <returns><see langword="true"/> when the host lists it.</returns>
    public bool AllowsIdentity(string identity) => this.identities.Contains(identity);

    private static string[] Split(string? list) =>
        (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed class PlaceComparer : IEqualityComparer<(string Subscription, string Group)>
    {
        public static readonly PlaceComparer Instance = new();

        public bool Equals((string Subscription, string Group) x, (string Subscription, string Group) y) =>
            string.Equals(x.Subscription, y.Subscription, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Group, y.Group, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Subscription, string Group) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Subscription), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Group));
    }
}
