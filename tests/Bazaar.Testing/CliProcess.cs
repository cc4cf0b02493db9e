using System.Diagnostics;
using System.Text;

namespace Bazaar.Testing;

/// <summary>
/// A <c>bazaar</c> command running in the background, as in a second terminal: its output so far,
/// a way to signal it as Ctrl+C or <c>kill</c> would, and its end.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();

    private CliProcess(Process process, string[] args)
    {
        this.process = process;
        this.Args = args;
    }

    /// <summary>Gets the command's arguments.</summary>
    public string[] Args { get; }

    /// <summary>Gets the command's process id.</summary>
    public int Id => this.process.Id;

    /// <summary>Gets a value indicating whether it has exited.</summary>
    public bool HasExited => this.process.HasExited;

    /// <summary>Gets what it has printed so far, both streams.</summary>
    public string Output
    {
        get
        {
            lock (this.stdout)
            {
                return $"--- stdout\n{this.stdout}\n--- stderr\n{this.stderr}";
            }
        }
    }

    /// <summary>Starts the built CLI with <paramref name="args"/>.</summary>
    public static CliProcess Start(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        var info = CliRunner.StartInfo(environment, workingDirectory, args);
        var process = new Process { StartInfo = info };
        var cli = new CliProcess(process, args);
        process.OutputDataReceived += (_, e) => cli.Append(cli.stdout, e.Data);
        process.ErrorDataReceived += (_, e) => cli.Append(cli.stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Sends a signal (e.g. <c>TERM</c>, <c>INT</c>, <c>KILL</c>) with kill(1).</summary>
    public async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        using var kill = Process.Start("kill", ["-" + signal, this.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Waits until its output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, CancellationToken cancellationToken)
    {
        while (!this.Output.Contains(text, StringComparison.Ordinal))
        {
            if (this.process.HasExited)
            {
                await this.process.WaitForExitAsync(cancellationToken);
                if (!this.Output.Contains(text, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"bazaar {string.Join(' ', this.Args)} exited {this.process.ExitCode} without printing '{text}'.\n{this.Output}");
                }

                return;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Waits for it to exit.</summary>
    public async Task<CliRunner.Outcome> WaitAsync(CancellationToken cancellationToken)
    {
        await this.process.WaitForExitAsync(cancellationToken);
        this.process.WaitForExit(); // flushes the asynchronous output readers
        lock (this.stdout)
        {
            return new CliRunner.Outcome(this.process.ExitCode, this.stdout.ToString(), this.stderr.ToString());
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            if (!this.process.HasExited)
            {
                this.process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Gone already.
        }

        this.process.Dispose();
    }

    private void Append(StringBuilder to, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (this.stdout)
        {
            to.AppendLine(line);
        }
    }
}
