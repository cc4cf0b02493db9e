using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AwsEcs;

/// <content>Listing the tasks Bazaar left, for the janitor.</content>
internal sealed partial class AwsEcsRemote
{
    /// <inheritdoc/>
    /// <remarks>
    /// Lists the tasks meant to run in every cluster graphs may use (<see cref="EcsPlaces"/>), page by page
    /// (<c>nextToken</c>), describes them a hundred at a time with their tags, and keeps those a Bazaar attempt
    /// started (<c>startedBy</c> <c>bazaar-…</c>) that carry all three tags. Stopped tasks are not listed: ECS removes
    /// them itself.
    /// </remarks>
    public async IAsyncEnumerable<CallHomeLeftover> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var cluster in this.Places().Clusters)
        {
            var remote = new RemoteDefinition
            {
                Type = EcsSettingsReader.RemoteType,
                Settings = new Dictionary<string, JsonElement> { [EcsSettingsReader.ClusterKey] = JsonSerializer.SerializeToElement(cluster) },
            };
            string? next = null;
            do
            {
                var list = new JsonObject { ["cluster"] = cluster, ["maxResults"] = 100 };
                if (next is not null)
                {
                    list["nextToken"] = next;
                }

                List<string> arns;
                using (var page = JsonDocument.Parse(await this.CallAsync("ListTasks", list, null, cancellationToken).ConfigureAwait(false)))
                {
                    arns = page.RootElement.TryGetProperty("taskArns", out var found) && found.ValueKind == JsonValueKind.Array
                        ? [.. found.EnumerateArray().Select(a => a.GetString()).OfType<string>()]
                        : [];
                    next = EcsTaskStatus.String(page.RootElement, "nextToken");
                }

                if (arns.Count == 0)
                {
                    continue;
                }

                var describe = new JsonObject { ["cluster"] = cluster, ["tasks"] = new JsonArray([.. arns.Select(a => (JsonNode)a)]), ["include"] = new JsonArray("TAGS") };
                foreach (var leftover in ReadLeftovers(await this.CallAsync("DescribeTasks", describe, null, cancellationToken).ConfigureAwait(false), remote, this.options.ContainerName))
                {
                    yield return leftover;
                }
            }
            while (next is not null);
        }
    }

    private static List<CallHomeLeftover> ReadLeftovers(byte[] body, RemoteDefinition remote, string containerName)
    {
        using var document = JsonDocument.Parse(body);
        var found = new List<CallHomeLeftover>();
        if (!document.RootElement.TryGetProperty("tasks", out var tasks) || tasks.ValueKind != JsonValueKind.Array)
        {
            return found;
        }

        foreach (var task in tasks.EnumerateArray())
        {
            var arn = EcsTaskStatus.String(task, "taskArn");
            var startedBy = EcsTaskStatus.String(task, "startedBy");
            var run = EcsTaskStatus.Tag(task, RunTaskBody.RunTag);
            var step = EcsTaskStatus.Tag(task, RunTaskBody.StepTag);
            var attempt = EcsTaskStatus.Tag(task, RunTaskBody.AttemptTag);
            if (arn is not null && EcsJob.TryParseTaskArn(arn, out _) && startedBy is not null && startedBy.StartsWith(EcsJob.Prefix, StringComparison.Ordinal) &&
                run is not null && step is not null && int.TryParse(attempt, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                found.Add(new CallHomeLeftover(remote, arn, run, step, number, EcsTaskStatus.Read(task, containerName).State));
            }
        }

        return found;
    }
}
