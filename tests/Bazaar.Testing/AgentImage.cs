using System.Diagnostics;

namespace Bazaar.Testing;

/// <summary>
/// bazaar-agent published (Native AOT, linux-x64) into the repository's <c>artifacts/agent/</c> once for every
/// test project that needs it, and its FROM scratch image built from that binary with
/// src/Bazaar.Agent/image/build-image.sh. <c>BAZAAR_AGENT_BINARY</c> names an agent published already. A file lock
/// keeps two test processes from publishing into the same folder at once.
/// </summary>
public static class AgentImage
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, string> Built = new(StringComparer.Ordinal);
    private static readonly Lazy<string?> LazyMissingPublisher = new(FindMissingPublisher);
    private static readonly Lazy<string?> LazyMissingImageBuilder = new(FindMissingImageBuilder);
    private static string? published;

    /// <summary>Gets what this machine lacks to publish the agent and build its image, or <see langword="null"/>.</summary>
    public static string? Missing => MissingPublisher ?? MissingImageBuilder;

    /// <summary>Gets what this machine lacks to publish the agent (Native AOT), or <see langword="null"/> when it can or one is given.</summary>
    public static string? MissingPublisher => LazyMissingPublisher.Value;

    /// <summary>Gets what this machine lacks to build the agent's image and run it: a static busybox and a Docker engine.</summary>
    public static string? MissingImageBuilder => LazyMissingImageBuilder.Value;

    private static string? FindMissingPublisher()
    {
        if (Environment.GetEnvironmentVariable("BAZAAR_AGENT_BINARY") is { Length: > 0 })
        {
            return null;
        }

        // Native AOT links with clang and needs zlib's headers and library (zlib1g-dev).
        var paths = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':');
        return paths.Any(p => File.Exists(Path.Combine(p, "clang"))) && File.Exists("/usr/include/zlib.h")
            ? null
            : "clang or zlib1g-dev is not installed, which publishing bazaar-agent (Native AOT) needs (apt-get install clang zlib1g-dev, as ./test.sh does), and BAZAAR_AGENT_BINARY names no agent";
    }

    private static string? FindMissingImageBuilder()
    {
        if (!File.Exists(Environment.GetEnvironmentVariable("BUSYBOX") ?? "/bin/busybox"))
        {
            return "there is no static busybox at /bin/busybox to build the agent's image with (apt-get install busybox-static, as ./test.sh does)";
        }

        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", ["info"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            return docker.WaitForExit(10_000) && docker.ExitCode == 0 ? null : "no Docker engine answers (./test.sh installs docker.io and starts dockerd)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "the docker command is not installed (./test.sh installs docker.io)";
        }
    }

    /// <summary>Publishes the agent unless an up-to-date one is there, and builds the image under <paramref name="tag"/> once per process.</summary>
    /// <param name="tag">The image's tag.</param>
    /// <param name="log">Receives what took how long.</param>
    /// <returns>The tag.</returns>
    public static async Task<string> BuildAsync(string tag, Action<string>? log = null)
    {
        await Gate.WaitAsync(TestTimeout.Token(TimeSpan.FromMinutes(6))).ConfigureAwait(false);
        try
        {
            if (Built.ContainsKey(tag))
            {
                return tag;
            }

            published ??= await PublishAsync(log).ConfigureAwait(false);
            var watch = Stopwatch.StartNew();
            var start = new ProcessStartInfo(RepositoryRoot.Combine("src/Bazaar.Agent/image/build-image.sh"), [tag])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["BAZAAR_AGENT_BINARY"] = published;
            var (code, output) = await RunAsync(start, TimeSpan.FromMinutes(2)).ConfigureAwait(false);
            if (code != 0)
            {
                throw new InvalidOperationException($"build-image.sh failed ({code}):\n{output}");
            }

            log?.Invoke($"image {tag} built in {watch.Elapsed.TotalSeconds:0.0} s");
            Built[tag] = published;
            return tag;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Publishes the agent into artifacts/agent/ unless an up-to-date one is there (or <c>BAZAAR_AGENT_BINARY</c> names one).</summary>
    /// <param name="log">Receives how long publishing took, when it did.</param>
    /// <returns>The agent's path.</returns>
    public static async Task<string> PublishAsync(Action<string>? log = null)
    {
        if (Environment.GetEnvironmentVariable("BAZAAR_AGENT_BINARY") is { Length: > 0 } given)
        {
            return given;
        }

        var folder = RepositoryRoot.Combine("artifacts/agent");
        Directory.CreateDirectory(folder);
        var binary = Path.Combine(folder, "bazaar-agent");
        using var held = await LockAsync(Path.Combine(folder, ".lock")).ConfigureAwait(false);
        if (File.Exists(binary) && File.GetLastWriteTimeUtc(binary) > NewestSource())
        {
            return binary;
        }

        var watch = Stopwatch.StartNew();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "publish", RepositoryRoot.Combine("src/Bazaar.Agent/Bazaar.Agent.csproj"), "-c", "Release", "-r", "linux-x64",
                "-o", folder, "--nologo", "-v", "quiet", "-clp:ErrorsOnly",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var (code, output) = await RunAsync(start, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        if (code != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"dotnet publish of bazaar-agent failed ({code}):\n{output}");
        }

        File.SetLastWriteTimeUtc(binary, DateTime.UtcNow);
        log?.Invoke($"bazaar-agent published in {watch.Elapsed.TotalSeconds:0.0} s");
        return binary;
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(500, timeout.Token).ConfigureAwait(false);
            }
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(ProcessStartInfo start, TimeSpan limit)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        return (process.ExitCode, await output.ConfigureAwait(false) + await errors.ConfigureAwait(false));
    }

    // What the agent is built from: its project, the contract beneath it, the Storage sources it compiles in, the build settings.
    private static DateTime NewestSource() =>
        new[] { "src/Bazaar.Agent", "src/Bazaar.Remoting", "src/Bazaar.Graphs", "src/Bazaar.Storage/Products", "src/Bazaar.Storage/Exceptions" }
            .SelectMany(d => Directory.EnumerateFiles(RepositoryRoot.Combine(d), "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Concat(new[] { "Directory.Build.props", "Directory.Packages.props", "src/Directory.Build.props" }.Select(RepositoryRoot.Combine))
            .Max(File.GetLastWriteTimeUtc);
}
