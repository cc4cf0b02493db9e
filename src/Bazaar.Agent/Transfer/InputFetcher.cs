using System.Security.Cryptography;
using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Remotes;

namespace Bazaar.Agent.Transfer;

/// <summary>
/// Puts each consumed product at its name in the working folder: streamed from its read-only SAS URL to a
/// file while it is hashed, refused when the digest is not the one the request names; a directory's tar
/// extracted by <see cref="SafeTarExtractor"/> (no absolute paths, <c>..</c>, links out, devices); a marker
/// an empty file.
/// </summary>
/// <param name="http">The client.</param>
/// <param name="workFolder">The step's working folder.</param>
/// <param name="scratchFolder">Where a directory's tar waits to be extracted, outside the working folder.</param>
internal sealed class InputFetcher(HttpClient http, string workFolder, string scratchFolder)
{
    public async Task FetchAsync(string name, RemoteStepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ProductNames.IsValid(name))
        {
            throw new AgentFailure($"input '{name}' is not a product name ({ProductNames.Rule}); the request was not made by Bazaar.");
        }

        var target = Path.Combine(workFolder, name);
        if (input.Kind == ProductKind.Marker)
        {
            await File.WriteAllBytesAsync(target, [], cancellationToken).ConfigureAwait(false);
            return;
        }

        if (input.Url is null || !input.Url.IsAbsoluteUri || input.Url.Scheme is not ("https" or "http"))
        {
            throw new AgentFailure($"input '{name}' has no http(s) URL; the request was not made by Bazaar.");
        }

        if (input.Digest is null || !input.Digest.StartsWith("sha256:", StringComparison.Ordinal) || input.Digest.Length != 71)
        {
            throw new AgentFailure($"input '{name}' has digest '{input.Digest}', not sha256:<64 hex digits>; the request was not made by Bazaar.");
        }

        var file = input.Kind == ProductKind.Directory ? Path.Combine(scratchFolder, name + ".tar") : target;
        var digest = await this.DownloadAsync(name, input.Url, file, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(digest, input.Digest, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(file);
            throw new AgentFailure(
                $"input '{name}': the downloaded content has digest {digest}, not {input.Digest} as the request says; refused. " +
                "The content in storage was changed or damaged, or the download was cut short.");
        }

        if (input.Kind == ProductKind.Directory)
        {
            var archive = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await using (archive.ConfigureAwait(false))
            {
                try
                {
                    // No limits but the disk's: this folder is the container's own, and the digest says the tar is the one Bazaar stored.
                    await new SafeTarExtractor(name, long.MaxValue, long.MaxValue).ExtractAsync(archive, target, cancellationToken).ConfigureAwait(false);
                }
                catch (UnsafeArchiveException ex)
                {
                    throw new AgentFailure($"input '{name}': {ex.Message}", ex);
                }
                catch (InvalidDataException ex)
                {
                    throw new AgentFailure($"input '{name}' is not a tar archive ({ex.Message}); directory products arrive as tars.", ex);
                }
            }
        }
    }

    private async Task<string> DownloadAsync(string name, Uri url, string file, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new AgentFailure($"input '{name}': could not reach storage at {Urls.Describe(url)} ({SecretRedactor.RedactSas(ex.Message)}).", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new AgentFailure(
                    $"input '{name}': storage at {Urls.Describe(url)} answered {(int)response.StatusCode} {response.ReasonPhrase}" +
                    ((int)response.StatusCode == 403 ? "; the URL may have expired (the step's deadline passed) or its signature is wrong." : "."));
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            await using (body.ConfigureAwait(false))
            await using (output.ConfigureAwait(false))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }
}
