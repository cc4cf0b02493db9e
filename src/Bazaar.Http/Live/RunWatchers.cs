using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Http;

/// <summary>
/// The server's one <see cref="RunWatcher"/> per run: the first listener starts its poller, later ones share it,
/// and it stops <see cref="HttpApiOptions.LiveLinger"/> after the last leaves (or once the run has ended and
/// everyone has left). However many tabs watch a run, the task hub and storage are read once per interval.
/// </summary>
internal sealed class RunWatchers(RunCatalog catalog, IOptions<HttpApiOptions> options, TimeProvider clock, ILogger<RunWatchers> logger)
{
    private readonly ConcurrentDictionary<string, RunWatcher> watchers = new(StringComparer.Ordinal);

    /// <summary>Gets how many runs are watched now.</summary>
    public int Count => this.watchers.Count;

    /// <summary>Gets how many times runs were read, all watchers together: what the one-poller test counts.</summary>
    public long Polls => Interlocked.Read(ref this.polls);

    private long polls;

    /// <summary>Joins (or starts) the run's watcher; dispose the lease to leave.</summary>
    public Lease Listen(string id, Func<DurableTaskClient> client)
    {
        while (true)
        {
            var watcher = this.watchers.GetOrAdd(id, static key => new RunWatcher(key));
            lock (watcher)
            {
                if (!this.watchers.TryGetValue(id, out var current) || current != watcher)
                {
                    continue; // it was stopped and removed just now: start a new one
                }

                if (watcher.Listeners++ == 0 && !this.running.ContainsKey(watcher))
                {
                    this.running[watcher] = true;
                    _ = Task.Run(() => this.PollAsync(watcher, client));
                }
            }

            return new Lease(this, watcher);
        }
    }

    private readonly ConcurrentDictionary<RunWatcher, bool> running = new();

    private async Task PollAsync(RunWatcher watcher, Func<DurableTaskClient> client)
    {
        var interval = options.Value.LiveInterval;
        var idleSince = (DateTimeOffset?)null;
        var failures = 0;
        while (true)
        {
            lock (watcher)
            {
                if (watcher.Listeners == 0)
                {
                    idleSince ??= clock.GetUtcNow();
                    if (watcher.Ended || watcher.Ready.IsFaulted || clock.GetUtcNow() - idleSince >= options.Value.LiveLinger)
                    {
                        this.watchers.TryRemove(new KeyValuePair<string, RunWatcher>(watcher.Id, watcher));
                        this.running.TryRemove(watcher, out _);
                        return;
                    }
                }
                else
                {
                    idleSince = null;
                }
            }

            if (!watcher.Ended && !watcher.Ready.IsFaulted)
            {
                try
                {
                    Interlocked.Increment(ref this.polls);
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    var snapshot = watcher.Graph is { } graph
                        ? await catalog.SnapshotAsync(client(), watcher.Id, graph, timeout.Token).ConfigureAwait(false)
                        : await catalog.SnapshotAsync(client(), watcher.Id, timeout.Token).ConfigureAwait(false);
                    watcher.Apply(snapshot);
                    failures = 0;
                }
                catch (RunNotFoundException e)
                {
                    watcher.Fail(e);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Storage or the task hub out for a moment: listeners keep what they have, and the next poll catches up.
                    failures++;
                    Logs.LiveReadFailed(logger, e, watcher.Id, failures);
                    if (!watcher.Ready.IsCompleted && failures >= 3)
                    {
                        watcher.Fail(e);
                    }
                }
            }

            await Task.Delay(interval * Math.Min(1 + failures, 10), clock).ConfigureAwait(false);
        }
    }

    /// <summary>A listener's hold on a watcher.</summary>
    internal sealed class Lease(RunWatchers owner, RunWatcher watcher) : IDisposable
    {
        private int disposed;

        public RunWatcher Watcher => watcher;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref this.disposed, 1) == 0)
            {
                lock (watcher)
                {
                    watcher.Listeners--;
                }
            }

            _ = owner;
        }
    }
}
