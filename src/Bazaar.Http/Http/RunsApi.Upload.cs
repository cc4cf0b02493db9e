using Bazaar.Files;
using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.DurableTask.Client;
using Microsoft.Net.Http.Headers;

namespace Bazaar.Http;

/// <summary>
/// <c>POST /api/runs</c> as multipart/form-data: the graph first, then one part per graph input,
/// each streamed to a temporary file (a tar part extracted safely) and stored as the run's product.
/// </summary>
public sealed partial class RunsApi
{
    private const string TarType = "application/x-tar";
    private const long MaxUploadEntries = 1_000_000;

    private async Task<IResult> StartMultipartAsync(
        DurableTaskClient client, HttpRequest request, MediaTypeHeaderValue mediaType, RunOptions runOptions, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return ApiProblem.BadRequest("The multipart/form-data Content-Type has no boundary parameter.");
        }

        // A 0700 folder of this user's, never a shared, predictable one another user could create first.
        var temp = PrivateFolder.CreateUnique(Path.Combine(PrivateFolder.PerUserRoot, "uploads"));
        try
        {
            var reader = new MultipartReader(boundary, new LimitedReadStream(request.Body, options.Value.MaxUploadBytes));
            GraphDefinition? graph = null;
            var runId = string.Empty;
            var supplied = new List<string>();
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                {
                    return ApiProblem.BadRequest("Each part needs a header 'Content-Disposition: form-data; name=...': 'graph' for the graph, the input's name for an input.");
                }

                if (graph is null)
                {
                    if (name != "graph")
                    {
                        return ApiProblem.BadRequest($"The first part must be the graph (name 'graph'), not '{name}'; inputs come after it.");
                    }

                    var isJson = (section.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false)
                        || (HeaderUtilities.RemoveQuotes(disposition.FileName).Value?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ?? false);
                    var (text, problem) = await ReadTextAsync(section.Body, options.Value.MaxGraphBytes, cancellationToken).ConfigureAwait(false);
                    if (problem is not null)
                    {
                        return problem;
                    }

                    (graph, var graphProblem) = this.ParseGraph(text!, isJson);
                    if (graph is null)
                    {
                        return graphProblem!;
                    }

                    runId = RunIds.New(graph.Name, clock);
                    continue;
                }

                if (InputProblem(graph, name, supplied) is { } inputProblem)
                {
                    return inputProblem;
                }

                var isTar = string.Equals(section.ContentType?.Split(';')[0].Trim(), TarType, StringComparison.OrdinalIgnoreCase);
                await this.StoreInputAsync(runId, name, section.Body, isTar, Path.Combine(temp, name), cancellationToken).ConfigureAwait(false);
                supplied.Add(name);
            }

            if (graph is null)
            {
                return ApiProblem.BadRequest($"The multipart body has no 'graph' part. {Formats}");
            }

            if (graph.Inputs.Except(supplied, StringComparer.Ordinal).ToList() is { Count: > 0 } missing)
            {
                return ApiProblem.BadRequest(
                    $"Graph '{graph.Name}' needs input{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing.Select(m => $"'{m}'"))}: add a part for each, named after the input.");
            }

            return await this.ScheduleAsync(client, request, graph, runId, supplied, runOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not FileNotFoundException)
        {
            return ApiProblem.BadRequest($"The multipart body is malformed: {e.Message}");
        }
        catch (UnsafeArchiveException e)
        {
            return ApiProblem.BadRequest($"An input's tar was refused: {e.Message}");
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    private static ApiProblem? InputProblem(GraphDefinition graph, string name, List<string> supplied)
    {
        if (name == "graph")
        {
            return ApiProblem.BadRequest("The body has two 'graph' parts; send one.");
        }

        if (!graph.Inputs.Contains(name))
        {
            return ApiProblem.BadRequest(
                $"Graph '{graph.Name}' has no input named '{name}' (its inputs: {(graph.Inputs.Count == 0 ? "none" : string.Join(", ", graph.Inputs))}).");
        }

        return supplied.Contains(name) ? ApiProblem.BadRequest($"Input '{name}' is sent twice; send one part per input.") : null;
    }

    private async Task StoreInputAsync(string runId, string name, Stream part, bool isTar, string path, CancellationToken cancellationToken)
    {
        PrivateFolder.Create(Path.GetDirectoryName(path)!);
        var producer = new ProductProducer(runId, null, 0, null);
        if (isTar)
        {
            var extractor = new SafeTarExtractor(name, options.Value.MaxUploadBytes, MaxUploadEntries);
            await extractor.ExtractAsync(part, path, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await part.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        await content.PutAsync(refs, runId, name, path, producer, cancellationToken).ConfigureAwait(false);
    }
}
