using System.Text;
using Bazaar.Remotes;

namespace Bazaar.Agent.Running;

/// <summary>
/// Where the step's output goes: each line to the agent's own stdout as it comes (the container's log), and
/// into a tail of the last <see cref="MaxBytes"/> bytes for the response, as examples/lambda/handler.js keeps it.
/// </summary>
/// <param name="console">The agent's stdout.</param>
internal sealed class ConsoleTailLog(TextWriter console) : IStepLog
{
    /// <summary>How much output the response carries: 1 MiB, the last of it.</summary>
    public const int MaxBytes = 1 << 20;

    private readonly Queue<byte[]> lines = new();
    private readonly Lock gate = new();
    private long size;
    private long dropped;

    public ValueTask WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (this.gate)
        {
            console.Write(line + "\n");
            this.lines.Enqueue(bytes);
            this.size += bytes.Length;
            while (this.size - this.lines.Peek().Length >= MaxBytes)
            {
                var first = this.lines.Dequeue();
                this.size -= first.Length;
                this.dropped += first.Length;
            }
        }

        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<string> Tail()
    {
        lock (this.gate)
        {
            return [.. this.lines.TakeLast(20).Select(b => Encoding.UTF8.GetString(b).TrimEnd('\n'))];
        }
    }

    /// <summary>The tail for the response; its first line says how much earlier output was dropped, if any.</summary>
    public string Text()
    {
        byte[] buffer;
        long dropped;
        lock (this.gate)
        {
            buffer = [.. this.lines.SelectMany(b => b)];
            dropped = this.dropped;
        }

        var start = 0;
        if (buffer.Length > MaxBytes)
        {
            // One line longer than the cap: keep its end, from a character boundary.
            start = buffer.Length - MaxBytes;
            while (start < buffer.Length && (buffer[start] & 0xC0) == 0x80)
            {
                start++;
            }

            dropped += start;
        }

        var text = Encoding.UTF8.GetString(buffer, start, buffer.Length - start);
        return dropped > 0 ? $"[bazaar] {dropped} bytes of earlier output were dropped; the log keeps the last {MaxBytes}\n{text}" : text;
    }

    public ValueTask DisposeAsync()
    {
        console.Flush();
        return ValueTask.CompletedTask;
    }
}
