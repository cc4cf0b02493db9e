using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>Reads a <c>type: azure-container-instances</c> remote's settings and reports every problem with them.</summary>
internal static partial class AciSettingsReader
{
    /// <summary>The remote type.</summary>
    public const string RemoteType = "azure-container-instances";

    /// <summary>The subscription id.</summary>
    public const string SubscriptionKey = "subscription";

    /// <summary>The resource group.</summary>
    public const string ResourceGroupKey = "resourceGroup";

    /// <summary>The region.</summary>
    public const string LocationKey = "location";

    /// <summary>The image.</summary>
    public const string ImageKey = "image";

    /// <summary>The cores.</summary>
    public const string CpuKey = "cpu";

    /// <summary>The memory in GB.</summary>
    public const string MemoryKey = "memoryInGB";

    /// <summary>The user-assigned identity.</summary>
    public const string IdentityKey = "identity";

    /// <summary>The private registry.</summary>
    public const string RegistryKey = "registry";

    /// <summary>The cores of a step that names none.</summary>
    public const double DefaultCpu = 1;

    /// <summary>The memory of a step that names none, in GB.</summary>
    public const double DefaultMemoryInGB = 1.5;

    /// <summary>The settings the remote takes, in the order the README lists them.</summary>
    public static readonly IReadOnlyList<string> Keys = [SubscriptionKey, ResourceGroupKey, LocationKey, ImageKey, CpuKey, MemoryKey, IdentityKey, RegistryKey];

    private static readonly string[] RegistryKeys = ["server", "username", "passwordSecret"];

    /// <summary>Reads the settings.</summary>
    /// <param name="remote">The remote.</param>
    /// <param name="problems">Receives what is wrong, one entry per setting, each saying what to write instead.</param>
    /// <returns>The settings, or <see langword="null"/> when there were problems.</returns>
    public static AciStepSettings? Read(RemoteDefinition remote, List<RemoteSettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var settings = remote.Settings;
        foreach (var key in settings.Keys.Where(k => !Keys.Contains(k)).Order(StringComparer.Ordinal))
        {
            // The ARM endpoint and the credential are the host's: a graph must not send the host's token elsewhere.
            problems.Add(new(key, $"{RemoteType} setting '{key}' is not known; the {RemoteType} remote takes {string.Join(", ", Keys)}, and its endpoint and credential are set on the host, not in the graph"));
        }

        var subscription = RemoteSettingValues.Text(settings, RemoteType, SubscriptionKey, "write the subscription's id, e.g. 00000000-0000-0000-0000-000000000000", problems);
        if (subscription is not null && !Guid.TryParseExact(subscription, "D", out _))
        {
            problems.Add(new(SubscriptionKey, $"{RemoteType} setting '{SubscriptionKey}' is '{subscription}', which is not a subscription id; write its GUID (az account show --query id), or leave it out for the host's AZURE_SUBSCRIPTION_ID"));
        }

        var group = RemoteSettingValues.Text(settings, RemoteType, ResourceGroupKey, "write the resource group's name, e.g. bazaar-jobs", problems);
        if (group is not null && !ResourceGroupPattern().IsMatch(group))
        {
            problems.Add(new(ResourceGroupKey, $"{RemoteType} setting '{ResourceGroupKey}' is '{group}', which is not a resource group name; write 1-90 of letters, digits, - _ . ( ), not ending in ."));
        }

        var location = RemoteSettingValues.Text(settings, RemoteType, LocationKey, "write a region such as westeurope", problems);
        if (location is not null)
        {
            location = location.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            if (!LocationPattern().IsMatch(location))
            {
                problems.Add(new(LocationKey, $"{RemoteType} setting '{LocationKey}' is '{settings[LocationKey].GetString()}', which is not an Azure region; write one such as westeurope (az account list-locations -o table)"));
            }
        }

        var image = RemoteSettingValues.Text(settings, RemoteType, ImageKey, "write an image reference such as myregistry.azurecr.io/bazaar-agent:1", problems);
        if (image is not null && (image.Any(char.IsWhiteSpace) || image.Length > 512))
        {
            problems.Add(new(ImageKey, $"{RemoteType} setting '{ImageKey}' is '{image}', which is not an image reference; write one such as myregistry.azurecr.io/bazaar-agent:1, or leave it out for the host's agent image"));
        }

        var cpu = Number(settings, CpuKey, DefaultCpu, 0.1, 4, "cores, e.g. cpu: 1 (ACI takes up to 4 per container group on Linux)", problems);
        var memory = Number(settings, MemoryKey, DefaultMemoryInGB, 0.1, 16, "GB, e.g. memoryInGB: 1.5 (ACI takes up to 16)", problems);

        var identity = RemoteSettingValues.Text(settings, RemoteType, IdentityKey, "write a user-assigned identity's resource id", problems);
        if (identity is not null && !IdentityPattern().IsMatch(identity))
        {
            problems.Add(new(IdentityKey, $"{RemoteType} setting '{IdentityKey}' is '{identity}', which is not a user-assigned identity; write its resource id, /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name> (az identity show --query id)"));
        }

        var registry = ReadRegistry(settings, identity, problems);
        return problems.Count == before
            ? new AciStepSettings(subscription, group, location, image, cpu, memory, identity, registry)
            : null;
    }

    private static AciRegistry? ReadRegistry(IReadOnlyDictionary<string, JsonElement> settings, string? identity, List<RemoteSettingProblem> problems)
    {
        if (!settings.TryGetValue(RegistryKey, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        const string Shape = "write registry: { server: myregistry.azurecr.io, username: pull, passwordSecret: ACR_PASSWORD } (passwordSecret names a host variable the host shares, never the password), or registry: { server: … } with identity: to pull as that identity";
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(RegistryKey, $"{RemoteType} setting '{RegistryKey}' is {RemoteSettingValues.Describe(value)}; {Shape}"));
            return null;
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!RegistryKeys.Contains(property.Name))
            {
                var hint = property.Name == "password" ? " (a password never goes in a graph: name the host variable that holds it with passwordSecret:)" : string.Empty;
                problems.Add(new(RegistryKey, $"{RemoteType} setting '{RegistryKey}.{property.Name}' is not known{hint}; {Shape}"));
                continue;
            }

            fields[property.Name] = property.Value;
        }

        var before = problems.Count;
        var server = RemoteSettingValues.Text(fields, RemoteType, "server", Shape, problems, $"{RegistryKey}.");
        var username = RemoteSettingValues.Text(fields, RemoteType, "username", Shape, problems, $"{RegistryKey}.");
        var secret = RemoteSettingValues.Text(fields, RemoteType, "passwordSecret", Shape, problems, $"{RegistryKey}.");
        if (server is null && problems.Count == before)
        {
            problems.Add(new(RegistryKey, $"{RemoteType} setting '{RegistryKey}' has no server; {Shape}"));
        }
        else if (server is not null && !ServerPattern().IsMatch(server))
        {
            problems.Add(new(RegistryKey, $"{RemoteType} setting '{RegistryKey}.server' is '{server}', which is not a registry's login server; write a host name such as myregistry.azurecr.io"));
        }

        if (secret is not null && !SecretPattern().IsMatch(secret))
        {
            problems.Add(new(RegistryKey, $"{RemoteType} setting '{RegistryKey}.passwordSecret' is '{secret}', which is not a variable name; name the host variable that holds the password, e.g. ACR_PASSWORD"));
        }

        if ((username is null) != (secret is null))
        {
            problems.Add(new(RegistryKey, $"{RemoteType} setting '{RegistryKey}' needs both username and passwordSecret, or neither (to pull with identity:)"));
        }
        else if (username is null && identity is null && server is not null)
        {
            problems.Add(new(RegistryKey, $"{RemoteType} setting '{RegistryKey}' names no username and passwordSecret, and the remote has no identity: to pull with; add one or the other"));
        }

        return problems.Count == before && server is not null ? new AciRegistry(server, username, secret) : null;
    }

    private static double Number(IReadOnlyDictionary<string, JsonElement> settings, string key, double fallback, double min, double max, string advice, List<RemoteSettingProblem> problems) =>
        RemoteSettingValues.Number(settings, RemoteType, key, min, max, advice, problems) ?? fallback;

    [GeneratedRegex(@"^[-\w._()]{0,89}[-\w_()]\z", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceGroupPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9]{1,40}\z", RegexOptions.CultureInvariant)]
    private static partial Regex LocationPattern();

    [GeneratedRegex(@"^/subscriptions/[0-9a-fA-F-]{36}/resource[gG]roups/[-\w._()]{1,90}/providers/Microsoft\.ManagedIdentity/userAssignedIdentities/[-\w]{3,128}\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IdentityPattern();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]{1,5})?\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ServerPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();
}
