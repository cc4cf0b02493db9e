using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Bazaar.Graphs;
using Bazaar.Remotes;

namespace Bazaar.Products;

/// <content>
/// Transfer for payload remotes: per-blob SAS URLs (account SAS on a key, user-delegation SAS under a
/// token credential) and fetching what the remote uploaded.
/// </content>
internal sealed partial class BlobProductStore : IProductTransfer
{
    /// <summary>The metadata a handler sets on an upload to say it is a directory's tar (<c>x-ms-meta-kind: directory</c>).</summary>
    public const string KindMetadata = "kind";

    // A user delegation key is valid for at most 7 days; one is reused while it outlives the URLs asked for.
    private static readonly TimeSpan MaxDelegationKeyLifetime = TimeSpan.FromDays(7);

    private UserDelegationKey? delegationKey;

    /// <inheritdoc/>
    public async Task<StepProductUrls> CreateUrlsAsync(
        string runId, StepDefinition step, int attempt, IReadOnlyDictionary<string, ProductRef> inputs, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(inputs);
        await this.EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var reads = new Dictionary<string, RemoteStepInput>(StringComparer.Ordinal);
        foreach (var (name, product) in inputs)
        {
            var blob = this.container.GetBlobClient(BlobLayout.Content(product.Digest));
            var url = await this.SignAsync(blob, BlobSasPermissions.Read, expiresOn, cancellationToken).ConfigureAwait(false);
            reads[name] = new RemoteStepInput(url, product.Digest, product.Kind);
        }

        var outputs = new Dictionary<string, RemoteStepOutput>(StringComparer.Ordinal);
        foreach (var output in step.Produces.Where(o => o.Path is not null))
        {
            var blob = this.container.GetBlobClient(BlobLayout.Upload(runId, step.Name, attempt, output.Name));
            await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var url = await this.SignAsync(blob, BlobSasPermissions.Create | BlobSasPermissions.Write, expiresOn, cancellationToken).ConfigureAwait(false);
            var kind = output.Path!.EndsWith('/') ? ProductKind.Directory : ProductKind.File;
            outputs[output.Name] = new RemoteStepOutput(url, output.Path, kind);
        }

        Logs.ProductUrlsIssued(this.logger, runId, step.Name, attempt, reads.Count, outputs.Count, expiresOn);
        return new StepProductUrls { Inputs = reads, Outputs = outputs, ExpiresOn = expiresOn };
    }

    /// <inheritdoc/>
    public async Task<bool> FetchUploadAsync(string runId, string step, int attempt, ProductOutput output, string targetPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var blob = this.container.GetBlobClient(BlobLayout.Upload(runId, step, attempt, output.Name));
        BlobDownloadStreamingResult download;
        try
        {
            download = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }

        var directory = download.Details.Metadata.TryGetValue(KindMetadata, out var kind)
            ? string.Equals(kind, "directory", StringComparison.OrdinalIgnoreCase)
            : output.Path?.EndsWith('/') == true;
        using (download)
        {
            await ProductContent.WriteUploadAsync(download.Content, directory, output, targetPath, this.options, cancellationToken).ConfigureAwait(false);
        }

        // The content is stored again by digest from the local copy; the upload has served its purpose.
        await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    private async Task<Uri> SignAsync(BlobClient blob, BlobSasPermissions permissions, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        var sas = new BlobSasBuilder(permissions, expiresOn)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        var key = await this.GetDelegationKeyAsync(expiresOn, cancellationToken).ConfigureAwait(false);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, blob.AccountName) }.ToUri();
    }

    private async Task<UserDelegationKey> GetDelegationKeyAsync(DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        var cached = Volatile.Read(ref this.delegationKey);
        if (cached is not null && cached.SignedExpiresOn >= expiresOn)
        {
            return cached;
        }

        var now = this.timeProvider.GetUtcNow();
        var until = expiresOn > now + TimeSpan.FromDays(1) ? expiresOn : now + TimeSpan.FromDays(1);
        if (until > now + MaxDelegationKeyLifetime)
        {
            until = now + MaxDelegationKeyLifetime;
        }

        try
        {
            // Starts a little in the past: the service's clock may be behind this one.
            var service = this.container.GetParentBlobServiceClient();
            var key = (await service.GetUserDelegationKeyAsync(now - TimeSpan.FromMinutes(5), until, cancellationToken).ConfigureAwait(false)).Value;
            Volatile.Write(ref this.delegationKey, key);
            return key;
        }
        catch (RequestFailedException e)
        {
            throw new BazaarException(
                $"Could not get a user delegation key from storage account '{this.container.AccountName}' to sign URLs for a remote ({e.Status} {e.ErrorCode}). " +
                "The identity Bazaar runs as needs the 'Storage Blob Delegator' role (or 'Storage Blob Data Contributor') on the account; " +
                "with no token credential, use a connection string that has the account key.",
                e);
        }
        catch (InvalidOperationException e)
        {
            throw new BazaarException(
                $"Cannot sign URLs for a remote: the connection to storage account '{this.container.AccountName}' has neither an account key nor a token credential. " +
                "Use a connection string with AccountKey=…, or an account URL (BAZAAR_STORAGE_ACCOUNT_URL) with a managed identity.",
                e);
        }
    }
}
