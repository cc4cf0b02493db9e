using Bazaar.Cli.Output;
using Bazaar.Hosting;
using Bazaar.Http;
using Bazaar.Products;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Cli.Hosting;

/// <summary>
/// The runs on this machine's task hub, for the verbs that read or control them (<c>runs</c>,
/// <c>status</c>, <c>logs</c>, <c>cancel</c>, <c>products</c>): storage, a Durable Task client that
/// runs no work (a <c>run</c> or <c>serve</c> elsewhere keeps all of it), and the same
/// <see cref="RunCatalog"/> the HTTP API answers from.
/// </summary>
internal sealed class LocalRuns
{
    private readonly StorageSession storage;
    private readonly LocalDurableHost host;
    private RunCatalog? catalog;

    private LocalRuns(StorageSession storage, LocalDurableHost host)
    {
        this.storage = storage;
        this.host = host;
    }

    public DurableTaskClient Client => this.host.Client;

    public RunCatalog Catalog => this.catalog ??= ActivatorUtilities.GetServiceOrCreateInstance<RunCatalog>(this.host.Services);

    public IContentStore Content => this.host.Services.GetRequiredService<IContentStore>();

    /// <summary>Gets where runs are looked for: task hub, container and storage.</summary>
    public string Where => this.storage.Where;

    /// <summary>
    /// Opens the runs and calls <paramref name="body"/>; a run, step, product or attempt that is not
    /// there is exit 2 with what was missing and where it was looked for.
    /// </summary>
    public static async Task<int> ExecuteAsync(IStorageSettings settings, CliConsole console, Func<LocalRuns, Task<int>> body, CancellationToken cancellationToken)
    {
        await using var storage = await StorageSession.OpenAsync(settings, console, cancellationToken);
        await using var host = await LocalDurableHost.ConnectAsync(storage.Options, cancellationToken: cancellationToken);
        var runs = new LocalRuns(storage, host);
        try
        {
            return await body(runs);
        }
        catch (RunNotFoundException e)
        {
            console.Error($"{e.Message} Looked on {runs.Where}. `bazaar runs` lists the recent runs there.");
            return ExitCodes.Invalid;
        }
        catch (NotFoundException e)
        {
            console.Error($"{e.Message} (Looked on {runs.Where}.)");
            return ExitCodes.Invalid;
        }
        catch (RunEndedException e)
        {
            console.Error(e.Message);
            return ExitCodes.Invalid;
        }
    }
}
