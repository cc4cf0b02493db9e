using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Core;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <content>Listing the container groups Bazaar left, for the janitor.</content>
internal sealed partial class AzureContainerInstancesRemote
{
    /// <inheritdoc/>
    /// <remarks>
    /// Lists every resource group graphs may use (<see cref="AciPlaces"/>), page by page (<c>nextLink</c>, followed only
    /// on ARM's own endpoint), and keeps the groups named like this remote's (<c>bazaar-</c> and 32 hex digits) that
    /// carry all three tags. A resource group that does not exist has nothing to clean.
    /// </remarks>
    public async IAsyncEnumerable<CallHomeLeftover> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var arm = this.arm.Value;
        foreach (var (subscription, group) in this.Places().Groups)
        {
            var remote = new RemoteDefinition
            {
                Type = AciSettingsReader.RemoteType,
                Settings = new Dictionary<string, JsonElement>
                {
                    [AciSettingsReader.SubscriptionKey] = JsonSerializer.SerializeToElement(subscription),
                    [AciSettingsReader.ResourceGroupKey] = JsonSerializer.SerializeToElement(group),
                },
            };
            Uri? page = new(
                $"{arm.Endpoint.AbsoluteUri}subscriptions/{Uri.EscapeDataString(subscription)}/resourceGroups/{Uri.EscapeDataString(group)}" +
                $"/providers/Microsoft.ContainerInstance/containerGroups?api-version={Uri.EscapeDataString(this.options.ApiVersion)}");
            while (page is not null)
            {
                var answer = await arm.SendAsync(RequestMethod.Get, page, null, ifNoneMatch: false, cancellationToken).ConfigureAwait(false);
                if (answer.Status == 404)
                {
                    break;
                }

                if (!answer.IsSuccess)
                {
                    throw this.Refused(null, "list", $"the container groups in resource group {group}", null, answer);
                }

                List<CallHomeLeftover> found;
                string? next;
                try
                {
                    (found, next) = ReadPage(answer.Body, remote);
                }
                catch (JsonException ex)
                {
                    throw new AzureContainerInstancesRemoteException($"ARM answered the listing of resource group {group} with something that is not a list of container groups ({ex.Message}).", ex)
                    {
                        Kind = FailureKind.Infrastructure,
                    };
                }

                foreach (var leftover in found)
                {
                    yield return leftover;
                }

                page = arm.SameEndpoint(next);
            }
        }
    }

    private static (List<CallHomeLeftover> Found, string? Next) ReadPage(byte[] body, RemoteDefinition remote)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var found = new List<CallHomeLeftover>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (var group in value.EnumerateArray())
            {
                var raw = JsonSerializer.SerializeToUtf8Bytes(group);
                var name = group.ValueKind == JsonValueKind.Object && group.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                var run = ContainerGroupStatus.Tag(raw, ContainerGroupBody.RunTag);
                var step = ContainerGroupStatus.Tag(raw, ContainerGroupBody.StepTag);
                var attempt = ContainerGroupStatus.Tag(raw, ContainerGroupBody.AttemptTag);
                if (name is not null && ContainerGroupTarget.IsName(name) && run is not null && step is not null &&
                    int.TryParse(attempt, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    found.Add(new CallHomeLeftover(remote, name, run, step, number, ContainerGroupStatus.Read(raw).State));
                }
            }
        }

        var next = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("nextLink", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
        return (found, next);
    }
}
