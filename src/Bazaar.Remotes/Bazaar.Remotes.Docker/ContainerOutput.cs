using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Docker.DotNet;

namespace Bazaar.Remotes.Docker;

/// <summary>
/// Splits a container's attached output (stdout and stderr framed in one stream) back into its two
/// streams and writes each to the step log line by line as it arrives, like the process remote does.
/// </summary>
internal static class ContainerOutput
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Reads the stream to its end (the container's exit).</summary>
    /// <param name="stream">The attached stream.</param>
    /// <param name="log">The step log.</param>
    /// <param name="maxLineLength">The longest line written as one.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>A task that completes at the end of the output.</returns>
    public static async Task PumpAsync(MultiplexedStream stream, IStepLog log, int maxLineLength, CancellationToken cancellationToken)
    {
        // A pipe per stream, so a line split across frames, or a UTF-8 character split across them,
        // is put back together by the reader, and the two streams' lines never mix mid-line.
        var stdout = new Pipe();
        var stderr = new Pipe();
        var readers = Task.WhenAll(
            PumpLinesAsync(stdout.Reader, log, maxLineLength, cancellationToken),
            PumpLinesAsync(stderr.Reader, log, maxLineLength, cancellationToken));
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (read.EOF)
                {
                    break;
                }

                var target = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr.Writer : stdout.Writer;
                await target.WriteAsync(buffer.AsMemory(0, read.Count), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await stdout.Writer.CompleteAsync().ConfigureAwait(false);
            await stderr.Writer.CompleteAsync().ConfigureAwait(false);
        }

        await readers.ConfigureAwait(false);
    }

    private static async Task PumpLinesAsync(PipeReader reader, IStepLog log, int maxLineLength, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(reader.AsStream(), Utf8, detectEncodingFromByteOrderMarks: false);
        await OutputPump.PumpAsync(text, log, maxLineLength, cancellationToken).ConfigureAwait(false);
    }
}
