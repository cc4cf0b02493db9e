using System.Diagnostics;
using System.Text;

namespace Bazaar.IntegrationTests.Http;

/// <summary>
/// A real <c>bazaar serve</c> child process on a free loopback port, as a person starts it; stopped
/// with SIGTERM (then killed, if it does not stop), by the PID it was started with.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process, string? token)
    {
        this.process = process;
        this.Token = token;
    }

    /// <summary>Gets the token every request needs: one made for this process unless the test passed its own (or --no-auth).</summary>
    public string? Token { get; private set; }

    /// <summary>Gets the server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets the serve process's id; steps it runs are its children.</summary>
    public int ProcessId => this.process.Id;

    /// <summary>Gets everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (this.output)
            {
                return this.output.ToString();
            }
        }
    }

    public static Task<ServeProcess> StartAsync(string storage, string taskHub, params string[] extra) =>
        StartAsync(storage, taskHub, home: null, extra);

    /// <summary>
    /// Starts serve with <c>BAZAAR_HOME</c> at <paramref name="home"/> and no token given, so it makes
    /// its own there (<c>serve.token</c>), as on a person's machine.
    /// </summary>
    public static async Task<ServeProcess> StartWithHomeAsync(string storage, string taskHub, string home, params string[] extra)
    {
        var serve = await StartAsync(storage, taskHub, home, extra);
        serve.Token = File.ReadAllText(Path.Combine(home, "serve.token")).Trim();
        return serve;
    }

    private static async Task<ServeProcess> StartAsync(string storage, string taskHub, string? home, string[] extra)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        // serve always needs a credential: a test that says nothing of one gets a token of its own.
        string? token = null;
        if (home is not null)
        {
            info.Environment["BAZAAR_HOME"] = home;
        }
        else if (!extra.Contains("--token") && !extra.Contains("--no-auth"))
        {
            token = Guid.NewGuid().ToString("N");
            extra = [.. extra, "--token", token];
        }

        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "bazaar.dll"), "serve", "--urls", "http://127.0.0.1:0", "--storage", storage, "--task-hub", taskHub, .. extra])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["BAZAAR_API_TOKEN"] = string.Empty;
        var serve = new ServeProcess(Process.Start(info)!, token);
        serve.process.OutputDataReceived += (_, e) => serve.Take(e.Data);
        serve.process.ErrorDataReceived += (_, e) => serve.Take(e.Data);
        serve.process.BeginOutputReadLine();
        serve.process.BeginErrorReadLine();
        serve.process.StandardInput.Close();

        var ended = serve.process.WaitForExitAsync();
        var first = await Task.WhenAny(serve.listening.Task, ended, Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != serve.listening.Task)
        {
            await serve.DisposeAsync();
            throw new InvalidOperationException($"bazaar serve did not start listening:\n{serve.Output}");
        }

        serve.BaseAddress = await serve.listening.Task;
        return serve;
    }

    /// <summary>
    /// Kills the process with SIGKILL, as a crash or an OOM kill would: no shutdown, no lease released,
    /// no work item abandoned. The step processes it started are not its to clean up and keep running.
    /// </summary>
    /// <returns>A task that completes when the process is gone.</returns>
    public async Task KillAsync()
    {
        this.process.Kill(entireProcessTree: false);
        await this.process.WaitForExitAsync();
    }

    /// <summary>Creates a client for the server with its token.</summary>
    public HttpClient CreateClient() => this.CreateClient(this.Token);

    /// <summary>Creates a client for the server, with the given bearer token, if any.</summary>
    public HttpClient CreateClient(string? token)
    {
        var client = new HttpClient { BaseAddress = this.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!this.process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", this.process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await this.process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                this.process.Kill(entireProcessTree: true);
            }
        }

        this.process.Dispose();
    }

    private void Take(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (this.output)
        {
            this.output.AppendLine(line);
        }

        const string Prefix = "Listening on ";
        if (line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            this.listening.TrySetResult(new Uri(line[Prefix.Length..].Trim() + "/"));
        }
    }
}
