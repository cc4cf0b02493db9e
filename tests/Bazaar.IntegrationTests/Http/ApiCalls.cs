using System.Net;
using System.Text;
using System.Text.Json;

namespace Bazaar.IntegrationTests.Http;

/// <summary>The few calls the HTTP API tests make over and over.</summary>
internal static class ApiCalls
{
    public static async Task<string> StartAsync(HttpClient client, string yaml, CancellationToken cancellationToken, string query = "")
    {
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        return await StartAsync(client, content, cancellationToken, query);
    }

    public static async Task<string> StartAsync(HttpClient client, HttpContent content, CancellationToken cancellationToken, string query = "")
    {
        var response = await client.PostAsync("api/runs" + query, content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {text}");
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(new Uri(client.BaseAddress!, $"api/runs/{id}"), response.Headers.Location);
        return id;
    }

    public static async Task<JsonElement> GetRunAsync(HttpClient client, string id, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync($"api/runs/{id}", cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET run {id}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls the run until it has ended; returns its last view.</summary>
    public static async Task<JsonElement> WaitForEndAsync(HttpClient client, string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var run = await GetRunAsync(client, id, cancellationToken);
            if (run.GetProperty("state").GetString() is not ("Pending" or "Running"))
            {
                return run;
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
