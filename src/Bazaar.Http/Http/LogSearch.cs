using System.Text;

namespace Bazaar.Http;

/// <summary>
/// Finds text in a log as it streams past, ignoring ASCII case as the viewer's find does, holding one buffer
/// whatever the log's size: a 100 MB log is searched without being held.
/// </summary>
internal static class LogSearch
{
    private const int BufferSize = 1 << 20;

    /// <summary>Finds <paramref name="text"/> in the first <paramref name="limit"/> bytes of <paramref name="content"/>.</summary>
    /// <returns>The match's first byte from where the stream started, or -1.</returns>
    public static async Task<long> FindAsync(Stream content, string text, long limit, CancellationToken cancellationToken)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        Lower(needle);
        var buffer = new byte[BufferSize + needle.Length];
        long consumed = 0; // bytes of the stream before buffer[0]
        var held = 0;
        while (limit > 0)
        {
            var read = await content.ReadAsync(buffer.AsMemory(held, (int)Math.Min(BufferSize, limit)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return -1;
            }

            Lower(buffer.AsSpan(held, read));
            limit -= read;
            held += read;
            var at = buffer.AsSpan(0, held).IndexOf(needle);
            if (at >= 0)
            {
                return consumed + at;
            }

            // Keep the last needle-1 bytes: a match may straddle two reads.
            var keep = Math.Min(held, needle.Length - 1);
            buffer.AsSpan(held - keep, keep).CopyTo(buffer);
            consumed += held - keep;
            held = keep;
        }

        return -1;
    }

    private static void Lower(Span<byte> bytes)
    {
        for (var k = 0; k < bytes.Length; k++)
        {
            if (bytes[k] is >= (byte)'A' and <= (byte)'Z')
            {
                bytes[k] += 32;
            }
        }
    }
}
