using System.Net.Http.Headers;
using Bazaar.Files;
using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Remotes;

namespace Bazaar.Agent.Transfer;

/// <summary>
/// Uploads each declared output after the command exited 0: <c>PUT</c> to its create/write SAS URL with
/// <c>x-ms-blob-type: BlockBlob</c>; a folder as Bazaar's reproducible tar with <c>x-ms-meta-kind: directory</c>.
/// The path is walked from the working folder without following a link (<see cref="DeclaredOutput"/>), so an
/// output can only be a regular file or folder inside it; one that is not there is not uploaded (Bazaar fails
/// the step naming it).
/// </summary>
/// <param name="http">The client.</param>
/// <param name="workFolder">The step's working folder.</param>
/// <param name="scratchFolder">Where a folder's tar is written, outside the working folder.</param>
internal sealed class OutputUploader(HttpClient http, string workFolder, string scratchFolder)
{
    /// <summary>Uploads one output.</summary>
    /// <returns><see langword="false"/> when nothing is at its path.</returns>
    public async Task<bool> UploadAsync(string name, RemoteStepOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Url is null || !output.Url.IsAbsoluteUri || output.Url.Scheme is not ("https" or "http"))
        {
            throw new AgentFailure($"output '{name}' has no http(s) URL; the request was not made by Bazaar.");
        }

        if (Escapes(output.Path))
        {
            throw new AgentFailure(
                $"output '{name}': its path '{output.Path}' leaves the working folder (an absolute path or a '..'); refused, nothing was uploaded for it. " +
                "A declared output is a path inside the step's workspace.");
        }

        (string FullPath, FileKind Kind)? found;
        try
        {
            found = DeclaredOutput.Locate(workFolder, name, output.Path);
        }
        catch (UnsafeOutputException ex)
        {
            throw new AgentFailure($"output '{name}': {ex.Message}", ex);
        }

        if (found is not { } at)
        {
            return false;
        }

        if (at.Kind == FileKind.Directory)
        {
            var tar = Path.Combine(scratchFolder, name + ".out.tar");
            var file = new FileStream(tar, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await using (file.ConfigureAwait(false))
            {
                try
                {
                    await ReproducibleTar.WriteAsync(at.FullPath, file, cancellationToken).ConfigureAwait(false);
                }
                catch (BazaarException ex)
                {
                    throw new AgentFailure($"output '{name}': {ex.Message}", ex);
                }

                file.Position = 0;
                await this.PutAsync(name, output.Url, file, ProductKind.Directory, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            FileStream file;
            try
            {
                file = SafeFiles.OpenRegularFile(at.FullPath);
            }
            catch (UnsafeOutputException ex)
            {
                throw new AgentFailure($"output '{name}': {ex.Message}", ex);
            }

            await using (file.ConfigureAwait(false))
            {
                await this.PutAsync(name, output.Url, file, ProductKind.File, cancellationToken).ConfigureAwait(false);
            }
        }

        return true;
    }

    private static bool Escapes(string? path) =>
        string.IsNullOrEmpty(path) || path[0] is '/' or '\\' || Path.IsPathRooted(path) || (path.Length > 1 && path[1] == ':')
        || path.Split('/', '\\').Contains("..");

    private async Task PutAsync(string name, Uri url, Stream content, ProductKind kind, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StreamContent(content, 1 << 16) };
        request.Content.Headers.ContentLength = content.Length;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        request.Headers.Add("x-ms-meta-kind", kind == ProductKind.Directory ? "directory" : "file");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new AgentFailure($"output '{name}': could not reach storage at {Urls.Describe(url)} ({SecretRedactor.RedactSas(ex.Message)}).", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new AgentFailure(
                    $"output '{name}': storage at {Urls.Describe(url)} answered {(int)response.StatusCode} {response.ReasonPhrase} to the upload" +
                    ((int)response.StatusCode == 403 ? "; the URL may have expired (the step's deadline passed)." : "."));
            }
        }
    }
}
