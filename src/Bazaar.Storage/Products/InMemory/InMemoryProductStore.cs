using System.Collections.Concurrent;
using System.Text.Json;

namespace Bazaar.Products;

/// <summary>
/// Every store interface in memory, for unit tests and benchmarks that need no Azurite: content by
/// digest, a run's refs, step records, shard results, cancel requests, logs, the action cache, the callback ledger and
/// URLs for payload remotes. It keeps the blob store's contracts (content written once by digest and
/// verified on the way out, names checked the same way, a ref or record read back as it was stored,
/// logs appended and read from an offset), and its keys are the blob store's names.
/// </summary>
internal sealed partial class InMemoryProductStore : IContentStore, IProductRefs, IStepRecords, ICancelRequests, IStepLogs, IActionCache, ICallbackLedger
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ProductStoreOptions options;
    private readonly TimeProvider timeProvider;

    // Records are kept as their JSON, as the blob store keeps them: what is read back is what was stored, not the caller's object.
    private readonly ConcurrentDictionary<string, BinaryData> documents = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="InMemoryProductStore"/> class.</summary>
    /// <param name="timeProvider">The clock for product times; the system's by default.</param>
    /// <param name="options">The limits (extraction, log cap); the blob store's defaults by default. Its connection settings are not used.</param>
    public InMemoryProductStore(TimeProvider? timeProvider = null, ProductStoreOptions? options = null)
    {
        this.timeProvider = timeProvider ?? TimeProvider.System;
        this.options = options ?? new ProductStoreOptions();
    }

    private void Write<T>(string name, T value) => this.documents[name] = BinaryData.FromObjectAsJson(value, Json);

    private T? Read<T>(string name)
        where T : class =>
        this.documents.TryGetValue(name, out var json) ? json.ToObjectFromJson<T>(Json) : null;

    /// <summary>The documents directly under a folder, in name order (as a blob listing by hierarchy gives them).</summary>
    private List<(string Name, BinaryData Json)> List(string prefix) =>
        this.documents
            .Where(d => d.Key.StartsWith(prefix, StringComparison.Ordinal) && d.Key.IndexOf('/', prefix.Length) < 0 && d.Key.EndsWith(".json", StringComparison.Ordinal))
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => (d.Key, d.Value))
            .ToList();
}
