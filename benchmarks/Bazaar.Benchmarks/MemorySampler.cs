using System.Diagnostics;

namespace Bazaar.Benchmarks;

/// <summary>Samples this process's working set in the background and keeps the highest value seen.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private long peak;

    private MemorySampler()
    {
        this.loop = Task.Run(this.SampleAsync);
    }

    /// <summary>Gets the highest working set seen so far, in bytes.</summary>
    public long Peak => Interlocked.Read(ref this.peak);

    /// <summary>Collects garbage first, so a phase starts from a settled heap, then starts sampling.</summary>
    public static MemorySampler Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return new MemorySampler();
    }

    public async ValueTask DisposeAsync()
    {
        await this.stop.CancelAsync();
        await this.loop;
        this.stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var process = Process.GetCurrentProcess();
        while (true)
        {
            process.Refresh();
            var now = process.WorkingSet64;
            if (now > Interlocked.Read(ref this.peak))
            {
                Interlocked.Exchange(ref this.peak, now);
            }

            try
            {
                await Task.Delay(20, this.stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
