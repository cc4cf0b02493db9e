using System.Text;

namespace Bazaar.Remotes;

/// <summary>Copies a step's output (a process's stdout or stderr, a container's stream) into the step log line by line as it arrives.</summary>
public static class OutputPump
{
    /// <summary>
    /// Reads <paramref name="reader"/> to its end and writes each line to <paramref name="log"/>.
    /// A line longer than <paramref name="maxLineLength"/> is written in pieces, so memory stays bounded
    /// whatever the process prints; a piece never ends inside a SAS signature.
    /// </summary>
    /// <param name="reader">The output, decoded.</param>
    /// <param name="log">The step log.</param>
    /// <param name="maxLineLength">The longest line written as one.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>A task that completes at the end of the output.</returns>
    public static async Task PumpAsync(TextReader reader, IStepLog log, int maxLineLength, CancellationToken cancellationToken)
    {
        maxLineLength = Math.Max(1, maxLineLength);
        var buffer = new char[8192];
        var line = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
        {
            var rest = buffer.AsMemory(0, read);
            while (!rest.IsEmpty)
            {
                var newline = rest.Span.IndexOf('\n');
                var take = newline < 0 ? rest.Length : newline;
                var room = maxLineLength - line.Length;
                if (take > room)
                {
                    line.Append(rest.Span[..room]);
                    await FlushPieceAsync(line, log, cancellationToken).ConfigureAwait(false);
                    rest = rest[room..];
                    continue;
                }

                line.Append(rest.Span[..take]);
                if (newline < 0)
                {
                    break;
                }

                await FlushAsync(line, log, cancellationToken).ConfigureAwait(false);
                rest = rest[(newline + 1)..];
            }
        }

        if (line.Length > 0)
        {
            await FlushAsync(line, log, cancellationToken).ConfigureAwait(false);
        }
    }

    // A piece of a long line ends before a SAS signature that the cut would split (the log redacts
    // signatures a line at a time): what may be one is carried into the next piece, unless it is the
    // whole piece, so every piece still moves the line on.
    private static async ValueTask FlushPieceAsync(StringBuilder line, IStepLog log, CancellationToken cancellationToken)
    {
        var piece = line.ToString();
        var open = SecretRedactor.OpenSasSignatureLength(piece);
        if (open == 0 || open == piece.Length)
        {
            line.Clear();
            await log.WriteLineAsync(piece, cancellationToken).ConfigureAwait(false);
            return;
        }

        line.Clear().Append(piece, piece.Length - open, open);
        await log.WriteLineAsync(piece[..^open], cancellationToken).ConfigureAwait(false);
    }

    private static ValueTask FlushAsync(StringBuilder line, IStepLog log, CancellationToken cancellationToken)
    {
        // CRLF endings from Windows-minded tools: the CR is part of the terminator, not the text.
        if (line.Length > 0 && line[^1] == '\r')
        {
            line.Length--;
        }

        var text = line.ToString();
        line.Clear();
        return log.WriteLineAsync(text, cancellationToken);
    }
}
