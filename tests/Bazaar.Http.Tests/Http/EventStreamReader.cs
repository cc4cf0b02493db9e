using System.Text;
using System.Text.Json;

namespace Bazaar.Http.Tests.Http;

/// <summary>Reads a Server-Sent Events stream as a browser's EventSource would: events, and the comments between them.</summary>
internal sealed class EventStreamReader(StreamReader reader) : IDisposable
{
    public static async Task<(HttpResponseMessage Response, EventStreamReader Reader)> OpenAsync(HttpClient http, string path, string? lastEventId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return (response, new EventStreamReader(new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8)));
    }

    /// <summary>Reads the next event, counting the heartbeat comments before it; <see langword="null"/> when the stream ends.</summary>
    public async Task<ServerEvent?> NextAsync(CancellationToken cancellationToken)
    {
        string? type = null, id = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (type is not null || data.Length > 0)
                {
                    return new ServerEvent(type ?? "message", id, data.Length == 0 ? default : JsonDocument.Parse(data.ToString()).RootElement);
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                this.Heartbeats++;
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }

        return null;
    }

    public int Heartbeats { get; private set; }

    public void Dispose() => reader.Dispose();
}

/// <summary>One event: its type, id and JSON data.</summary>
internal sealed record ServerEvent(string Type, string? Id, JsonElement Data);
