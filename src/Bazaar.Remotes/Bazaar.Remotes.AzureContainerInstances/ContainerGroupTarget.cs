using System.Security.Cryptography;
using System.Text;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>One attempt's container group: where it lives and its name.</summary>
/// <param name="Subscription">The subscription id.</param>
/// <param name="ResourceGroup">The resource group.</param>
/// <param name="Name">The group's name, <c>bazaar-</c> and 32 hex digits.</param>
internal sealed record ContainerGroupTarget(string Subscription, string ResourceGroup, string Name)
{
    /// <summary>The prefix of every group the remote makes.</summary>
    public const string Prefix = "bazaar-";

    /// <summary>Gets the group's resource id.</summary>
    public string ResourceId =>
        $"/subscriptions/{this.Subscription}/resourceGroups/{this.ResourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/{this.Name}";

    /// <summary>
    /// Names an attempt's group: the same run, step and attempt always give the same name, so a submission
    /// retried by Durable finds the group its first try made instead of starting a second job. Lowercase hex
    /// after a fixed prefix, 39 characters: within ACI's rule (1-63 of a-z, 0-9 and single inner hyphens)
    /// whatever the run and step are called.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt.</param>
    /// <returns>The name.</returns>
    public static string NameFor(string runId, string step, int attempt)
    {
        // Separated by a character neither a run id nor a step name holds, so (a, bc) and (ab, c) differ.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{runId}\n{step}\n{attempt}"));
        return Prefix + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>Gets a value indicating whether a job name is one this remote makes (a check before it is put in a URL).</summary>
    /// <param name="job">The job's name.</param>
    /// <returns><see langword="true"/> for <c>bazaar-</c> and 32 lowercase hex digits.</returns>
    public static bool IsName(string job) =>
        job.Length == Prefix.Length + 32 && job.StartsWith(Prefix, StringComparison.Ordinal) && job[Prefix.Length..].All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>Gets the group's URL on ARM, with the api-version.</summary>
    /// <param name="endpoint">ARM's endpoint, ending in <c>/</c>.</param>
    /// <param name="apiVersion">The api-version.</param>
    /// <param name="action">An action after the group (<c>stop</c>), or none.</param>
    /// <returns>The URL.</returns>
    public Uri Url(Uri endpoint, string apiVersion, string? action = null) =>
        new($"{endpoint.AbsoluteUri}subscriptions/{Uri.EscapeDataString(this.Subscription)}/resourceGroups/{Uri.EscapeDataString(this.ResourceGroup)}" +
            $"/providers/Microsoft.ContainerInstance/containerGroups/{this.Name}{(action is null ? string.Empty : "/" + action)}?api-version={Uri.EscapeDataString(apiVersion)}");
}
