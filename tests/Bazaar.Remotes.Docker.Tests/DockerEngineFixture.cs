using System.Formats.Tar;
using System.Text;
using Bazaar.Graphs;
using Bazaar.Testing;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.Docker.Tests;

/// <summary>
/// A Docker engine that answers (the one <c>DOCKER_HOST</c> names, else the local socket; ./test.sh
/// starts one when none runs) and the test image: busybox on <c>FROM scratch</c>, built here from the
/// host's static busybox when the engine lacks it, so no registry is needed.
/// </summary>
public sealed class DockerEngineFixture : IAsyncLifetime
{
    /// <summary>The test image.</summary>
    public const string Image = "bazaar-test/busybox:1";

    private static readonly Lazy<string?> LazyMissing = new(FindMissing);

    private DockerConnection? connection;

    /// <summary>
    /// Gets what the docker tests lack on this machine, or <see langword="null"/> when they can run: an
    /// engine that answers, and the test image or a static busybox to build it from. Asked once, at discovery.
    /// </summary>
    public static string? Missing => LazyMissing.Value;

    /// <summary>Gets the engine.</summary>
    internal DockerConnection Connection => this.connection ?? throw new InvalidOperationException("not initialized");

    /// <summary>Gets the client.</summary>
    public IDockerClient Client => this.Connection.Client;

    /// <summary>Gets the docker settings every test step starts from.</summary>
    public static RemoteDefinition Remote(params (string Key, object Value)[] settings)
    {
        var all = new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal)
        {
            ["image"] = System.Text.Json.JsonSerializer.SerializeToElement(Image),
        };
        foreach (var (key, value) in settings)
        {
            all[key] = System.Text.Json.JsonSerializer.SerializeToElement(value);
        }

        return new RemoteDefinition { Type = "docker", Settings = all };
    }

    /// <summary>Creates a remote against the engine.</summary>
    internal DockerRemote CreateRemote(DockerRemoteOptions? options = null)
    {
        options ??= TestOptions();
        var wrapped = Options.Create(options);
        return new DockerRemote(wrapped, options.Host is null ? this.Connection : new DockerConnection(wrapped), NullLogger<DockerRemote>.Instance, TimeProvider.System);
    }

    /// <summary>The options tests use: a short stop grace, so stopping takes a second.</summary>
    public static DockerRemoteOptions TestOptions() => new() { StopGracePeriod = TimeSpan.FromSeconds(1) };

    /// <summary>Lists the Bazaar containers of a run, stopped ones too.</summary>
    public async Task<IList<ContainerListResponse>> ContainersOfRunAsync(string runId) =>
        await this.Client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Run}={runId}"] = true } },
            },
            TestTimeout.Token());

    public async Task InitializeAsync()
    {
        this.connection = new DockerConnection(Options.Create(new DockerRemoteOptions()));
        try
        {
            await this.connection.PingAsync("the docker tests", TestTimeout.Token());
        }
        catch (DockerRemoteException ex)
        {
            throw new InvalidOperationException(
                $"{ex.Message} These tests need a real Docker engine (the docker.io package: dockerd); ./test.sh installs and starts one.", ex);
        }

        try
        {
            await this.Client.Images.InspectImageAsync(Image, TestTimeout.Token());
        }
        catch (DockerImageNotFoundException)
        {
            await this.BuildImageAsync();
        }
    }

    public Task DisposeAsync()
    {
        this.connection?.Dispose();
        return Task.CompletedTask;
    }

    private static string Busybox => Environment.GetEnvironmentVariable("BAZAAR_TEST_BUSYBOX") ?? "/bin/busybox";

    private static string? FindMissing()
    {
        using var connection = new DockerConnection(Options.Create(new DockerRemoteOptions { ConnectTimeout = TimeSpan.FromSeconds(3) }));
        try
        {
            connection.PingAsync("the docker tests", TestTimeout.Token()).GetAwaiter().GetResult();
            connection.Client.Images.InspectImageAsync(Image, TestTimeout.Token()).GetAwaiter().GetResult();
            return null;
        }
        catch (DockerRemoteException ex)
        {
            return $"{ex.Message} (./test.sh installs docker.io and starts dockerd)";
        }
        catch (DockerImageNotFoundException)
        {
            return File.Exists(Busybox)
                ? null
                : $"the test image {Image} is missing and there is no static busybox at {Busybox} to build it from (apt-get install busybox-static, or set BAZAAR_TEST_BUSYBOX)";
        }
    }

    private async Task BuildImageAsync()
    {
        var busybox = Busybox;
        if (!File.Exists(busybox))
        {
            throw new InvalidOperationException(
                $"The test image {Image} is missing and there is no static busybox at {busybox} to build it from; install busybox-static (apt-get install busybox-static) or set BAZAAR_TEST_BUSYBOX.");
        }

        using var context = new MemoryStream();
        await using (var tar = new TarWriter(context, TarEntryFormat.Pax, leaveOpen: true))
        {
            var dockerfile = "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n";
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile)), Mode = (UnixFileMode)0b110_100_100 };
            await tar.WriteEntryAsync(entry);
            await tar.WriteEntryAsync(busybox, "busybox");
        }

        context.Position = 0;
        var errors = new List<string>();
        var progress = new Progress<JSONMessage>(m =>
        {
            if ((m.Error?.Message ?? m.ErrorMessage) is { Length: > 0 } error)
            {
                lock (errors)
                {
                    errors.Add(error);
                }
            }
        });
        await this.Client.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters { Tags = [Image], Remove = true, ForceRemove = true }, context, null, null, progress, TestTimeout.Token(TimeSpan.FromMinutes(2)));
        try
        {
            await this.Client.Images.InspectImageAsync(Image, TestTimeout.Token());
        }
        catch (DockerImageNotFoundException)
        {
            throw new InvalidOperationException($"Building {Image} from {busybox} failed: {string.Join("; ", errors)}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerEngineFixture>
{
    public const string Name = "Docker";
}
