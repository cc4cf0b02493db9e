using System.Runtime.InteropServices;
using Bazaar.Cli;
using Bazaar.Cli.Output;
using Spectre.Console.Cli;

// Ctrl+C (SIGINT) and SIGTERM (a service manager, `kill`, a CI runner) both cancel the command's token,
// so every verb ends the way it would on its own: a run is stopped, and the storage emulator the
// command started is stopped gracefully, keeping what was written. A second signal ends at once.
using var interrupted = new CancellationTokenSource();
void Interrupt(PosixSignalContext signal)
{
    if (!interrupted.IsCancellationRequested)
    {
        signal.Cancel = true;
        interrupted.Cancel();
    }
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);

var app = new CommandApp();
app.Configure(config => BazaarApp.Configure(config, StandardStreams.OfProcess()));

return await app.RunAsync(args, interrupted.Token);
