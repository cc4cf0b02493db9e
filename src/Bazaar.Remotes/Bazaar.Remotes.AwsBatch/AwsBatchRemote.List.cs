using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AwsBatch;

/// <content>Listing the jobs Bazaar left, for the janitor.</content>
internal sealed partial class AwsBatchRemote
{
    /// <inheritdoc/>
    /// <remarks>
    /// Lists the jobs named <c>bazaar-*</c> in every queue graphs may use (<see cref="BatchPlaces"/>), page by page
    /// (<c>nextToken</c>), keeps those not ended (Batch keeps ended jobs itself, and terminating them changes nothing),
    /// describes them a hundred at a time for their tags, and keeps those that carry all three.
    /// </remarks>
    public async IAsyncEnumerable<CallHomeLeftover> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var queue in this.Places().JobQueues)
        {
            var remote = new RemoteDefinition
            {
                Type = BatchSettingsReader.RemoteType,
                Settings = new Dictionary<string, JsonElement> { [BatchSettingsReader.JobQueueKey] = JsonSerializer.SerializeToElement(queue) },
            };
            string? next = null;
            do
            {
                var list = new JsonObject
                {
                    ["jobQueue"] = queue,
                    ["filters"] = new JsonArray(new JsonObject { ["name"] = "JOB_NAME", ["values"] = new JsonArray(BatchJob.Prefix + "*") }),
                    ["maxResults"] = 100,
                };
                if (next is not null)
                {
                    list["nextToken"] = next;
                }

                List<string> ids;
                using (var page = JsonDocument.Parse(await this.CallAsync("ListJobs", list, null, cancellationToken).ConfigureAwait(false)))
                {
                    ids = page.RootElement.TryGetProperty("jobSummaryList", out var jobs) && jobs.ValueKind == JsonValueKind.Array
                        ? [.. jobs.EnumerateArray()
                            .Where(j => BatchJobStatus.String(j, "status") is not ("SUCCEEDED" or "FAILED") && BatchJobStatus.String(j, "jobName")?.StartsWith(BatchJob.Prefix, StringComparison.Ordinal) == true)
                            .Select(j => BatchJobStatus.String(j, "jobId"))
                            .OfType<string>()
                            .Where(BatchJob.IsJobId)]
                        : [];
                    next = BatchJobStatus.String(page.RootElement, "nextToken");
                }

                if (ids.Count == 0)
                {
                    continue;
                }

                var describe = new JsonObject { ["jobs"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]) };
                foreach (var leftover in this.ReadLeftovers(await this.CallAsync("DescribeJobs", describe, null, cancellationToken).ConfigureAwait(false), remote))
                {
                    yield return leftover;
                }
            }
            while (next is not null);
        }
    }

    private List<CallHomeLeftover> ReadLeftovers(byte[] body, RemoteDefinition remote)
    {
        using var document = JsonDocument.Parse(body);
        var found = new List<CallHomeLeftover>();
        if (!document.RootElement.TryGetProperty("jobs", out var jobs) || jobs.ValueKind != JsonValueKind.Array)
        {
            return found;
        }

        foreach (var job in jobs.EnumerateArray())
        {
            var id = BatchJobStatus.String(job, "jobId");
            var run = BatchJobStatus.Tag(job, SubmitJobBody.RunTag);
            var step = BatchJobStatus.Tag(job, SubmitJobBody.StepTag);
            var attempt = BatchJobStatus.Tag(job, SubmitJobBody.AttemptTag);
            if (id is not null && BatchJob.IsJobId(id) && run is not null && step is not null &&
                int.TryParse(attempt, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                found.Add(new CallHomeLeftover(remote, id, run, step, number, BatchJobStatus.Read(job, this.clock.GetUtcNow(), this.options.StartTimeout).State));
            }
        }

        return found;
    }
}
