using Bazaar.CallHome;
using Bazaar.Cli.Output;
using Microsoft.DurableTask.Client;

namespace Bazaar.Cli.Hosting;

/// <summary>
/// <c>bazaar serve</c>'s sweeps of call-home leftovers: once when it starts (what a host that died left), then
/// every <see cref="CallHomeJanitor.Interval"/>. A sweep that deletes or fails says so on stderr.
/// </summary>
internal static class ServeJanitor
{
    public static async Task RunAsync(CallHomeJanitor janitor, DurableTaskClient client, CliConsole console, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var sweep = await janitor.SweepAsync(client, cancellationToken);
                if (sweep.Deleted > 0)
                {
                    console.Note($"Deleted {sweep.Deleted} call-home job{(sweep.Deleted == 1 ? string.Empty : "s")} left by runs that have ended.");
                }

                foreach (var failure in sweep.Failures)
                {
                    console.Error($"Could not clean up call-home jobs: {failure}");
                }

                await Task.Delay(CallHomeJanitor.Interval, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
