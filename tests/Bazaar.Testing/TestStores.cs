using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Bazaar.Products;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bazaar.Testing;

/// <summary>
/// Product stores on Azurite, each in its own fresh container so tests do not see each other.
/// Internal because it hands out <see cref="BlobProductStore"/>, internal to Bazaar.Storage: the test
/// projects that use it see it through this assembly's InternalsVisibleTo (Bazaar.Testing.csproj).
/// </summary>
internal static class TestStores
{
    public static (BlobProductStore Store, BlobContainerClient Container) Create(
        AzuriteFixture azurite, Action<ProductStoreOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new ProductStoreOptions
        {
            ConnectionString = azurite.ConnectionString,
            ContainerName = "t" + RandomNumberGenerator.GetHexString(16, lowercase: true),
        };
        configure?.Invoke(options);
        var service = new BlobServiceClient(options.ConnectionString);
        var store = new BlobProductStore(service, options, timeProvider ?? TimeProvider.System, NullLogger<BlobProductStore>.Instance);
        return (store, service.GetBlobContainerClient(options.ContainerName));
    }

    public static ProductProducer Producer(string runId) => new(runId, "make", 1, "process");

    /// <summary>Stores a product and writes its ref, as a graph's input is stored, in a store that keeps both.</summary>
    public static Task<ProductRef> PutAsync<TStore>(this TStore store, string runId, string name, string? localPath, ProductProducer producer, CancellationToken cancellationToken)
        where TStore : IContentStore, IProductRefs =>
        store.PutAsync(store, runId, name, localPath, producer, cancellationToken);

    public static string Sha256Of(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static async Task<List<string>> ListAsync(BlobContainerClient container, string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            names.Add(item.Name);
        }

        return names;
    }
}
