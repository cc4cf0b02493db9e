using System.Text;
using System.Text.RegularExpressions;

namespace Bazaar.Remotes.Http;

/// <summary>Reading an answer's body within a budget, and quoting its first bytes in a message without its secrets.</summary>
internal static partial class HttpBodies
{
    /// <summary>How many bytes of a body a message quotes.</summary>
    public const int QuoteBytes = 200;

    /// <summary>Reads a body of at most <paramref name="limit"/> bytes.</summary>
    /// <param name="response">The response.</param>
    /// <param name="limit">The budget.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body, or <see langword="null"/> when it is larger than the budget.</returns>
    public static async Task<byte[]?> ReadAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>
    /// The first <see cref="QuoteBytes"/> bytes of a body as text for a message, quoted, control characters
    /// escaped, and any URL query or bearer token in it masked: an error page may echo the request.
    /// </summary>
    /// <param name="body">The body.</param>
    /// <returns>The quote, e.g. <c>"&lt;html&gt;…" (1234 bytes)</c>; <c>an empty body</c> for none.</returns>
    public static string Quote(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "an empty body";
        }

        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, QuoteBytes)]);
        text = SecretQuery().Replace(text, "?…");
        text = Bearer().Replace(text, "Bearer …");
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(char.IsControl(c) ? c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) } : c.ToString());
        }

        return $"\"{escaped}{(body.Length > QuoteBytes ? "…" : string.Empty)}\" ({body.Length} bytes)";
    }

    [GeneratedRegex(@"\?[^\s""'<>]*", RegexOptions.CultureInvariant)]
    private static partial Regex SecretQuery();

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9._~+/=-]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();
}
