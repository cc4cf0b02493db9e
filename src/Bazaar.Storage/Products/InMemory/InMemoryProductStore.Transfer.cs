using System.Collections.Concurrent;
using Bazaar.Graphs;
using Bazaar.Remotes;

namespace Bazaar.Products;

/// <content>
/// URLs for payload remotes: <c>memory:///</c> URLs naming the content to read and the upload to write,
/// which a test's remote uses through <see cref="Download"/> and <see cref="Upload"/>.
/// </content>
internal sealed partial class InMemoryProductStore : IProductTransfer
{
    private const string Scheme = "memory";

    private readonly ConcurrentDictionary<string, (byte[] Content, bool? Directory)> uploads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> uploadUrls = new(StringComparer.Ordinal);

    /// <summary>Reads the content an input URL of <see cref="IProductTransfer.CreateUrlsAsync"/> names, as a remote would.</summary>
    /// <param name="url">The input's URL.</param>
    /// <returns>The content's bytes.</returns>
    /// <exception cref="InvalidOperationException">The URL names no stored content.</exception>
    public byte[] Download(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return this.content.TryGetValue(NameOf(url), out var bytes)
            ? bytes
            : throw new InvalidOperationException($"{url} names no content stored in this in-memory store.");
    }

    /// <summary>Writes an output to its upload URL from <see cref="IProductTransfer.CreateUrlsAsync"/>, as a remote would.</summary>
    /// <param name="url">The output's URL.</param>
    /// <param name="content">The bytes: a file's, or a directory's tar.</param>
    /// <param name="directory">Whether it is a directory's tar (a handler's <c>x-ms-meta-kind</c>); when <see langword="null"/>, the declared path says.</param>
    /// <exception cref="InvalidOperationException">The URL is not an upload URL this store issued.</exception>
    public void Upload(Uri url, byte[] content, bool? directory = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(content);
        var name = NameOf(url);
        if (!this.uploadUrls.ContainsKey(name))
        {
            throw new InvalidOperationException($"{url} is not an upload URL this in-memory store issued; it cannot be written.");
        }

        this.uploads[name] = ([.. content], directory);
    }

    /// <inheritdoc/>
    Task<StepProductUrls> IProductTransfer.CreateUrlsAsync(
        string runId, StepDefinition step, int attempt, IReadOnlyDictionary<string, ProductRef> inputs, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(inputs);
        var reads = inputs.ToDictionary(
            i => i.Key, i => new RemoteStepInput(UrlOf(BlobLayout.Content(i.Value.Digest)), i.Value.Digest, i.Value.Kind), StringComparer.Ordinal);
        var outputs = new Dictionary<string, RemoteStepOutput>(StringComparer.Ordinal);
        foreach (var output in step.Produces.Where(o => o.Path is not null))
        {
            // What an earlier try of the same attempt left there is removed, as the blob store does.
            var name = BlobLayout.Upload(runId, step.Name, attempt, output.Name);
            this.uploads.TryRemove(name, out _);
            this.uploadUrls[name] = true;
            outputs[output.Name] = new RemoteStepOutput(UrlOf(name), output.Path!, output.Path!.EndsWith('/') ? ProductKind.Directory : ProductKind.File);
        }

        return Task.FromResult(new StepProductUrls { Inputs = reads, Outputs = outputs, ExpiresOn = expiresOn });
    }

    /// <inheritdoc/>
    async Task<bool> IProductTransfer.FetchUploadAsync(string runId, string step, int attempt, ProductOutput output, string targetPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var name = BlobLayout.Upload(runId, step, attempt, output.Name);
        if (!this.uploads.TryGetValue(name, out var upload))
        {
            return false;
        }

        var stream = new MemoryStream(upload.Content, writable: false);
        await using (stream.ConfigureAwait(false))
        {
            var directory = upload.Directory ?? output.Path?.EndsWith('/') == true;
            await ProductContent.WriteUploadAsync(stream, directory, output, targetPath, this.options, cancellationToken).ConfigureAwait(false);
        }

        this.uploads.TryRemove(name, out _);
        return true;
    }

    private static Uri UrlOf(string name) => new($"{Scheme}:///{name}");

    private static string NameOf(Uri url) =>
        url.Scheme == Scheme ? url.AbsolutePath.TrimStart('/') : throw new InvalidOperationException($"{url} is not a URL of an in-memory store.");
}
