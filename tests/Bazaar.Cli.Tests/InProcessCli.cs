using System.Text;
using Bazaar.Cli.Output;
using Bazaar.Testing;
using Spectre.Console.Cli.Testing;
using Spectre.Console.Testing;

namespace Bazaar.Cli.Tests;

/// <summary>
/// Runs a <c>bazaar</c> command in this process with Spectre.Console.Cli.Testing: the app configured
/// as the executable configures it (<see cref="BazaarApp"/>), stdout and stderr captured apart, both
/// as a pipe would see them (not a terminal, 80 columns until a command widens them). For tests that
/// need no process boundary; <see cref="CliRunner"/> keeps the flows that do.
/// </summary>
/// <remarks>
/// The working directory and the environment are this process's, shared by tests running at once:
/// give paths absolute and storage as options (<c>--storage</c>, <c>--task-hub</c>), never through
/// variables.
/// </remarks>
internal static class InProcessCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<CliRunner.Outcome> RunAsync(params string[] args)
    {
        var stdout = new TestConsole();
        var stderr = new TestConsole();
        var streams = new StandardStreams(stdout, stderr, isOutputRedirected: true, isErrorRedirected: true, () => new WriterStream(stdout.Profile.Out.Writer));
        var app = new CommandAppTester(console: stdout, settings: new CommandAppTesterSettings { TrimConsoleOutput = false });
        app.Configure(config => BazaarApp.Configure(config, streams));

        using var timeout = new CancellationTokenSource(Timeout);
        var result = await app.RunAsync(args, timeout.Token);
        if (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"bazaar {string.Join(' ', args)} did not finish in {Timeout.TotalSeconds} s");
        }

        return new CliRunner.Outcome(result.ExitCode, result.Output, stderr.Output.NormalizeLineEndings());
    }

    /// <summary>Bytes written to stdout (a step's log), decoded into the captured text.</summary>
    private sealed class WriterStream(TextWriter writer) : Stream
    {
        private readonly Decoder decoder = Encoding.UTF8.GetDecoder();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            var chars = new char[this.decoder.GetCharCount(buffer, offset, count)];
            this.decoder.GetChars(buffer, offset, count, chars, 0);
            writer.Write(chars);
        }

        public override void Flush() => writer.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
