using Microsoft.DurableTask.Client;

namespace Bazaar.Hosting;

/// <summary>Waiting for a run through a <see cref="DurableTaskClient"/>.</summary>
public static class RunClientExtensions
{
    /// <summary>
    /// Waits until the run's orchestration ends, polling its status at a fixed interval the caller may
    /// choose: a client's own wait backs off (the local host's to 1 s, Azure Storage's polls every 2 s),
    /// which would add up to that to every run a person or a benchmark waits for.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="runId">The run (the orchestration instance id).</param>
    /// <param name="pollInterval">How often to look; 100 ms when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The orchestration's final metadata, with its input and output.</returns>
    public static async Task<OrchestrationMetadata> WaitForRunAsync(
        this DurableTaskClient client, string runId, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        while (true)
        {
            var metadata = await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            if (metadata is { IsCompleted: true })
            {
                return await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) ?? metadata;
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }
}
