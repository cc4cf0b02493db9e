using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Cli.Exceptions;
using Bazaar.Graphs;
using Bazaar.Http;
using Bazaar.Orchestration;

namespace Bazaar.Cli.Remote;

/// <summary>
/// Talks to a Bazaar server — <c>bazaar serve</c> or the Function App — over its HTTP API, for
/// <c>bazaar submit</c>. Every failure becomes an <see cref="ApiCallException"/> that names the
/// server and says what to do.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient http;

    public ApiClient(Uri baseUrl, string? functionKey, string? token, HttpMessageHandler? handler = null)
    {
        this.BaseUrl = ApiBase(baseUrl);
        this.http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true)
        {
            BaseAddress = this.BaseUrl,

            // Uploading a large input can take a while; each call below brings its own cancellation.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (functionKey is not null)
        {
            this.http.DefaultRequestHeaders.Add("x-functions-key", functionKey);
        }

        if (token is not null)
        {
            this.http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>Gets the API's base, ending in <c>/api/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Starts a run: the graph file as it is, with its inputs as multipart parts when it has any.</summary>
    public async Task<StartedRun> StartAsync(string graphFile, IReadOnlyList<(string Name, string Path)> inputs, RunOptions options, CancellationToken cancellationToken)
    {
        var query = $"{ApiRoutes.Runs}?maxParallel={options.MaxParallel}&failurePolicy={JsonNamingPolicy.CamelCase.ConvertName(options.FailurePolicy.ToString())}";
        var temporary = new List<string>();
        try
        {
            using var content = await GraphContentAsync(graphFile, inputs, temporary, cancellationToken);
            using var response = await this.SendAsync(() => this.http.PostAsync(query, content, cancellationToken), "start the run");
            return await ReadAsync<StartedRun>(response, cancellationToken);
        }
        finally
        {
            foreach (var folder in temporary)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    public async Task<RunView> GetRunAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await this.SendAsync(() => this.http.GetAsync($"{ApiRoutes.Runs}/{Uri.EscapeDataString(id)}", cancellationToken), $"read run '{id}'");
        return await ReadAsync<RunView>(response, cancellationToken);
    }

    public async Task CancelAsync(string id, string reason, CancellationToken cancellationToken)
    {
        using var response = await this.SendAsync(
            () => this.http.PostAsync($"{ApiRoutes.Runs}/{Uri.EscapeDataString(id)}/cancel?reason={Uri.EscapeDataString(reason)}", null, cancellationToken),
            $"cancel run '{id}'");
    }

    public void Dispose() => this.http.Dispose();

    /// <summary>The API's base for a server URL: the Function App's or serve's root, with or without <c>/api</c>.</summary>
    internal static Uri ApiBase(Uri url)
    {
        var path = url.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/" + ApiRoutes.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            path += "/" + ApiRoutes.Prefix;
        }

        return new UriBuilder(url) { Path = path + "/", Query = string.Empty }.Uri;
    }

    private static async Task<HttpContent> GraphContentAsync(string graphFile, IReadOnlyList<(string Name, string Path)> inputs, List<string> temporary, CancellationToken cancellationToken)
    {
        var isJson = graphFile.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        var graph = new StreamContent(File.OpenRead(graphFile));
        graph.Headers.ContentType = new MediaTypeHeaderValue(isJson ? "application/json" : "application/yaml");
        if (inputs.Count == 0)
        {
            return graph;
        }

        var form = new MultipartFormDataContent { { graph, "graph", Path.GetFileName(graphFile) } };
        foreach (var (name, path) in inputs)
        {
            if (Directory.Exists(path))
            {
                // A directory goes as a tar, written to a file first so the upload streams with a known length.
                // In a fresh folder only this user can enter (mkdtemp, 0700), not under a name in the shared temporary folder.
                var folder = Directory.CreateTempSubdirectory("bazaar-upload-").FullName;
                temporary.Add(folder);
                var tar = Path.Combine(folder, "input.tar");
                await TarFile.CreateFromDirectoryAsync(path, tar, includeBaseDirectory: false, cancellationToken);
                var part = new StreamContent(File.OpenRead(tar));
                part.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
                form.Add(part, name, name + ".tar");
            }
            else
            {
                form.Add(new StreamContent(File.OpenRead(path)), name, Path.GetFileName(path));
            }
        }

        return form;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken)
                ?? throw new JsonException("the body is empty");
        }
        catch (JsonException e)
        {
            throw new ApiCallException(
                $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} with a body that is not what a Bazaar server sends ({e.Message}). Check that --url points at a Bazaar server.",
                (int)response.StatusCode);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send, string what)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (HttpRequestException e)
        {
            throw new ApiCallException($"Could not {what}: {this.BaseUrl} cannot be reached ({e.Message}). Check --url and that the server is running.", inner: e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await this.RefusalAsync(response, what);
        }
    }

    private async Task<ApiCallException> RefusalAsync(HttpResponseMessage response, string what)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        string? detail = null;
        List<GraphProblem>? problems = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            try
            {
                var body = JsonDocument.Parse(text).RootElement;
                detail = body.TryGetProperty("detail", out var d) ? d.GetString() : null;
                if (body.TryGetProperty("problems", out var list))
                {
                    problems = list.Deserialize<List<GraphProblem>>(ApiJson.Options);
                }
            }
            catch (JsonException)
            {
                // Not the problem body a Bazaar server sends; the status says enough below.
            }
        }

        var advice = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized when detail is null => " The server wants credentials: --token TOKEN for bazaar serve, --key KEY for a Function App.",
            HttpStatusCode.Forbidden => " Check --key (a Function App's function or host key).",
            HttpStatusCode.NotFound when detail is null => $" There is no Bazaar API at {this.BaseUrl}; check --url.",
            _ => string.Empty,
        };
        return new ApiCallException($"Could not {what}: the server answered {status} {response.ReasonPhrase}. {detail ?? Shorten(text)}{advice}".TrimEnd(), status, problems);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text.Trim() : text[..300].Trim() + "…";
}
