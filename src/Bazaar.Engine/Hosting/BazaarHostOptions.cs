using System.ComponentModel.DataAnnotations;
using Bazaar.Products;

namespace Bazaar.Hosting;

/// <summary>Settings of the local durable host that <c>bazaar run</c> and <c>bazaar serve</c> start.</summary>
public sealed class BazaarHostOptions
{
    /// <summary>Gets or sets the storage connection string (<c>BAZAAR_STORAGE</c>).</summary>
    /// <value>Defaults to <c>UseDevelopmentStorage=true</c>, Azurite on its usual ports.</value>
    public string? Storage { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>
    /// Gets or sets the blob endpoint of a storage account reached with <c>DefaultAzureCredential</c>
    /// (<c>BAZAAR_STORAGE_ACCOUNT_URL</c>); when set it wins over <see cref="Storage"/>.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public Uri? StorageAccountUrl { get; set; }

    /// <summary>Gets or sets the Durable Task hub name.</summary>
    /// <value>Defaults to <c>bazaar</c>.</value>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "The task hub name must be 3 to 45 letters and digits, starting with a letter.")]
    public string TaskHub { get; set; } = "bazaar";

    /// <summary>Gets or sets the blob container that holds products, step records and logs.</summary>
    /// <value>Defaults to <c>bazaar</c>.</value>
    public string Container { get; set; } = "bazaar";

    /// <summary>Gets or sets how many steps this host runs at once.</summary>
    /// <value>Defaults to 32: most steps wait on a process or a service rather than the CPU.</value>
    [Range(1, 10_000)]
    public int MaxConcurrentSteps { get; set; } = 32;

    /// <summary>Gets or sets how many orchestration work items this host processes at once.</summary>
    /// <value>Defaults to 16.</value>
    [Range(1, 10_000)]
    public int MaxConcurrentOrchestrations { get; set; } = 16;

    /// <summary>Gets or sets the number of control-queue partitions of a new task hub.</summary>
    /// <value>Defaults to 4; it cannot change once the hub exists.</value>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>Gets or sets the longest an idle host waits between queue polls.</summary>
    /// <value>
    /// Defaults to 1 second. The Durable default of 30 s suits billing in the cloud, not a person
    /// waiting on a local run.
    /// </value>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets whether control-queue partitions are leased through the task hub's partition
    /// table (the engine's default) rather than through blob leases.
    /// </summary>
    /// <value>
    /// Defaults to <see langword="true"/>. Under a saturated Azurite the table manager's reads and
    /// writes exceed its 2-second timeout and the host can lose its leases for a while; blob leases
    /// did not make runs faster either (benchmarks/RESULTS.md, "Host settings sweep").
    /// </value>
    public bool UseTablePartitionManagement { get; set; } = true;

    /// <summary>Describes where storage is, for messages: an endpoint or an account name, never a key.</summary>
    /// <returns>The description.</returns>
    public string DescribeStorage()
    {
        if (this.StorageAccountUrl is { } url)
        {
            return url.ToString();
        }

        var storage = this.Storage ?? string.Empty;
        if (storage.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return "Azurite at 127.0.0.1:10000-10002";
        }

        var parts = storage.Split(';');
        var endpoint = parts.FirstOrDefault(p => p.StartsWith("BlobEndpoint=", StringComparison.OrdinalIgnoreCase));
        if (endpoint is not null)
        {
            return endpoint["BlobEndpoint=".Length..];
        }

        var account = parts.FirstOrDefault(p => p.StartsWith("AccountName=", StringComparison.OrdinalIgnoreCase));
        if (account is not null)
        {
            return $"storage account {account["AccountName=".Length..]}";
        }

        return "the storage account in BAZAAR_STORAGE";
    }

    /// <summary>Points a product store at the same storage and container as this host.</summary>
    /// <param name="store">The store's options.</param>
    public void ConfigureStore(ProductStoreOptions store)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.ConnectionString = this.Storage ?? "UseDevelopmentStorage=true";
        store.AccountUrl = this.StorageAccountUrl;
        store.ContainerName = this.Container;
    }
}
