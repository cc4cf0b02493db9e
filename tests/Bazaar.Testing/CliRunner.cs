using System.Diagnostics;

namespace Bazaar.Testing;

/// <summary>
/// Runs the built <c>bazaar</c> CLI as a child process, as a person or a script would. The test
/// project must reference Bazaar.Cli, which puts <c>bazaar.dll</c> next to the tests.
/// </summary>
public static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {this.ExitCode}\n--- stdout\n{this.Stdout}\n--- stderr\n{this.Stderr}";
    }

    public static async Task<Outcome> RunAsync(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        using var process = Process.Start(StartInfo(environment, workingDirectory, args))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bazaar {string.Join(' ', args)} did not finish in 120 s");
        }

        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>How the built CLI is started: <c>dotnet bazaar.dll ARGS</c>, with <paramref name="environment"/> on top of this process's.</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bazaar.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }
}
