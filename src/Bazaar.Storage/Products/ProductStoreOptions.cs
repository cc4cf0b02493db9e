using System.ComponentModel.DataAnnotations;

namespace Bazaar.Products;

/// <summary>Where the blob product store keeps products, step records and logs, and its limits.</summary>
public sealed class ProductStoreOptions
{
    /// <summary>Gets or sets the storage connection string; ignored when <see cref="AccountUrl"/> is set.</summary>
    /// <value>Defaults to <c>UseDevelopmentStorage=true</c> (Azurite on its default ports).</value>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>
    /// Gets or sets the blob endpoint of a storage account, e.g. <c>https://acct.blob.core.windows.net</c>.
    /// When set, the store signs in with <c>DefaultAzureCredential</c> instead of using <see cref="ConnectionString"/>.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: use the connection string.</value>
    public Uri? AccountUrl { get; set; }

    /// <summary>Gets or sets the blob container that holds everything; created when missing.</summary>
    /// <value>Defaults to <c>bazaar</c>.</value>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "ContainerName must be a valid blob container name: 3-63 lowercase letters, digits and single hyphens.")]
    public string ContainerName { get; set; } = "bazaar";

    /// <summary>Gets or sets how many bytes extracting one directory product may write in total.</summary>
    /// <value>Defaults to 64 GiB.</value>
    [Range(0, long.MaxValue)]
    public long MaxExtractedBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>Gets or sets how many entries (files, folders, links) one directory product may hold.</summary>
    /// <value>Defaults to 1,000,000.</value>
    [Range(0, long.MaxValue)]
    public long MaxEntries { get; set; } = 1_000_000;

    /// <summary>
    /// Gets or sets how many bytes one step attempt's log may hold. Past it one line says the log was
    /// truncated and the rest is dropped; the step carries on.
    /// </summary>
    /// <value>Defaults to 64 MiB.</value>
    [Range(0, long.MaxValue)]
    public long MaxLogBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Gets or sets how often buffered log lines are appended to the log blob (they are also appended
    /// whenever 64 KiB are buffered, and when the log is disposed).
    /// </summary>
    /// <value>Defaults to 500 milliseconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan LogFlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
