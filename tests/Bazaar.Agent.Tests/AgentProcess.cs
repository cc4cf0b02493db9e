using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Bazaar.Remotes;
using Bazaar.Testing;

namespace Bazaar.Agent.Tests;

/// <summary>Runs the agent (or <c>docker run</c> of its image) on a request given as <c>BAZAAR_AGENT_REQUEST</c>, as a container gets it.</summary>
public static class AgentProcess
{
    /// <summary>How one run of the agent ended.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
    {
        /// <summary>Gets the response the agent printed as stdout's last line (no callHome).</summary>
        public RemoteStepResponse Response =>
            RemoteStepProtocol.ParseResponse(Encoding.UTF8.GetBytes(this.Stdout.TrimEnd('\n').Split('\n')[^1]), "bazaar-agent");

        public override string ToString() => $"exit {this.ExitCode} after {this.Elapsed.TotalSeconds:0.0} s\n--- stdout\n{this.Stdout}\n--- stderr\n{this.Stderr}";
    }

    /// <summary>Runs <paramref name="command"/> with the request in its environment and waits for it.</summary>
    /// <param name="command">The agent and its arguments, or a <c>docker run</c> of its image.</param>
    /// <param name="request">The request, serialized as the host serializes it (<see cref="RemoteStepProtocol.Json"/>).</param>
    /// <param name="onLine">Called with each stdout line and the process, e.g. to signal it once the step is ready.</param>
    /// <param name="timeout">How long it may take.</param>
    public static async Task<Result> RunAsync(
        IReadOnlyList<string> command, RemoteStepRequest request, Action<string, Process>? onLine = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["BAZAAR_AGENT_REQUEST"] = JsonSerializer.Serialize(request, RemoteStepProtocol.Json);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stdout)
            {
                stdout.Append(e.Data).Append('\n');
            }

            onLine?.Invoke(e.Data, process);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.Append(e.Data).Append('\n');
                }
            }
        };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout ?? TestTimeout.Default);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command[0]} did not end within {(timeout ?? TestTimeout.Default).TotalSeconds} s:\n{stdout}\n{stderr}");
        }

        process.WaitForExit(); // the output events are flushed
        lock (stdout)
        {
            lock (stderr)
            {
                return new Result(process.ExitCode, stdout.ToString(), stderr.ToString(), watch.Elapsed);
            }
        }
    }

    /// <summary>Sends a signal to a process (<c>kill -SIG pid</c>): .NET sends only SIGKILL.</summary>
    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Asserts that nothing the agent printed holds a SAS signature or a call-home token.</summary>
    public static void AssertNoSecrets(Result result, RemoteStepRequest request, params string[] more)
    {
        var secrets = request.Inputs.Values.Select(i => i.Url).Concat(request.Outputs.Values.Select(o => o.Url))
            .Select(u => System.Web.HttpUtility.ParseQueryString(u.Query)["sig"])
            .OfType<string>()
            .Concat(request.CallHome is { } home ? [home.Started.Token, home.Done.Token] : [])
            .Concat(more)
            .ToList();
        foreach (var text in new[] { result.Stdout, result.Stderr })
        {
            Assert.DoesNotContain("sig=", text, StringComparison.OrdinalIgnoreCase);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }
}
