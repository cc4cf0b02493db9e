using System.Text;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Bazaar.Engine.Tests.Orchestration.ExecuteStep;

/// <summary>
/// The <c>ExecuteStep</c> activity on the in-memory store, with the remote a test scripts: the whole
/// step pipeline (inputs, cache, remote, outputs, record, log) without Azurite or a durable host.
/// Reads of product refs are counted.
/// </summary>
internal sealed class ExecuteStepHarness : IDisposable
{
    private readonly TempDirectory work = new();
    private readonly TempDirectory files = new();

    public ExecuteStepHarness() => this.Refs = new CountingProductRefs(this.Store);

    public InMemoryProductStore Store { get; } = new();

    public CountingProductRefs Refs { get; }

    public BazaarOptions Options { get; } = new();

    /// <summary>A step that runs on the scripted remote.</summary>
    public static StepDefinition Step(
        IReadOnlyList<string>? consumes = null, IReadOnlyList<ProductOutput>? produces = null, bool cache = false, IReadOnlyList<string>? secrets = null) => new()
    {
        Name = "s",
        Run = StepCommand.FromShell("scripted"),
        Remote = new RemoteDefinition { Type = ScriptedRemote.TypeName },
        Consumes = consumes ?? [],
        Produces = produces ?? [],
        Cache = cache,
        Secrets = secrets ?? [],
    };

    /// <summary>Runs one attempt of a step on <paramref name="remote"/>, as the orchestrator's activity call does.</summary>
    public async Task<StepResult> RunAsync(
        IRemote remote, StepDefinition step, string runId = "run1", int attempt = 1, IReadOnlyList<string>? graphSecrets = null, Func<ExecuteStepRequest, ExecuteStepRequest>? adjust = null)
    {
        this.Options.WorkRoot = this.work.Path;
        var activity = new ExecuteStepActivity(
            [remote],
            this.Store,
            this.Refs,
            this.Store,
            this.Store,
            this.Store,
            this.Store,
            TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(this.Options),
            [],
            NullLogger<ExecuteStepActivity>.Instance,
            this.Store);
        var request = new ExecuteStepRequest { RunId = runId, Step = step, Attempt = attempt, GraphSecrets = graphSecrets ?? step.Secrets };
        request = adjust?.Invoke(request) ?? request;
        return await activity.RunAsync(Mock.Of<TaskActivityContext>(), request).WaitAsync(TestTimeout.Token());
    }

    /// <summary>Stores a file as a product of a run, as a graph's input is stored.</summary>
    public Task<ProductRef> PutFileAsync(string runId, string name, string text)
    {
        var path = this.files.Write($"{runId}/{name}", text);
        return this.Store.PutAsync(this.Store, runId, name, path, new ProductProducer(runId, null, 0, null), TestTimeout.Token());
    }

    /// <summary>Stores a folder of files as a product of a run.</summary>
    public Task<ProductRef> PutFolderAsync(string runId, string name, IReadOnlyDictionary<string, string> entries)
    {
        foreach (var (relative, text) in entries)
        {
            this.files.Write($"{runId}/{name}/{relative}", text);
        }

        return this.Store.PutAsync(this.Store, runId, name, this.files[$"{runId}/{name}"], new ProductProducer(runId, null, 0, null), TestTimeout.Token());
    }

    /// <summary>Reads a product's stored content as text (checked against its digest).</summary>
    public async Task<string> ReadTextAsync(ProductRef product)
    {
        await using var stream = await this.Store.OpenReadAsync(product, TestTimeout.Token());
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(TestTimeout.Token());
    }

    /// <summary>Reads a step attempt's stored log, or <see langword="null"/> when it has none.</summary>
    public async Task<string?> ReadLogAsync(string runId, string step, int attempt = 1)
    {
        await using var stream = await this.Store.OpenLogReadAsync(runId, step, attempt, 0, TestTimeout.Token());
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(TestTimeout.Token());
    }

    public void Dispose()
    {
        this.work.Dispose();
        this.files.Dispose();
    }
}
