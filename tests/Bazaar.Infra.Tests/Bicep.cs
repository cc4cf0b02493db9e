using System.Diagnostics;
using System.Reflection;

namespace Bazaar.Infra.Tests;

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine package, run as a person would run it.</summary>
internal static class Bicep
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {this.ExitCode}\n--- stderr\n{this.Stderr}";
    }

    public static string ExecutablePath { get; } = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepPath").Value!.Replace('\\', '/');

    public static async Task<Outcome> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Bazaar.Testing.RepositoryRoot.Path,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // No telemetry, and no registry or update checks: the machine may have no way out.
        info.Environment["BICEP_TRACING_ENABLED"] = "false";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
