using Bazaar.Remotes;
using Bazaar.Remotes.Docker;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>docker</c> remote.</summary>
public static class DockerRemoteBuilderExtensions
{
    /// <summary>The environment variable holding the mount allowlist: <c>name=/host/path:/container/path;…</c>.</summary>
    public const string MountsVariable = "BAZAAR_DOCKER_MOUNTS";

    /// <summary>
    /// Adds the <c>docker</c> remote, which runs each step in a container with its workspace
    /// bind-mounted, and the sweep that removes containers of dead hosts when the host starts.
    /// Nothing connects to the engine until a step runs. Options are validated when the host starts;
    /// <see cref="DockerRemoteOptions.Mounts"/> starts from <c>BAZAAR_DOCKER_MOUNTS</c>.
    /// </summary>
    /// <param name="builder">The Bazaar builder.</param>
    /// <param name="configure">Changes the <see cref="DockerRemoteOptions"/>; optional.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IBazaarBuilder AddDockerRemote(this IBazaarBuilder builder, Action<DockerRemoteOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = builder.Services.AddOptions<DockerRemoteOptions>()
            .Configure(o => AddMounts(o, Environment.GetEnvironmentVariable(MountsVariable)));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations()
            .Validate(
                o => o.Mounts.All(m => IsMountName(m.Key) && IsAbsolute(m.Value.HostPath) && IsAbsolute(m.Value.ContainerPath)),
                $"Each docker mount needs a name of letters, digits, '.', '_' or '-', and absolute HostPath and ContainerPath; check DockerRemoteOptions.Mounts and {MountsVariable} (name=/host/path:/container/path;…).")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<DockerConnection>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRemote, DockerRemote>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LeftoverSweeper>());
        return builder;
    }

    /// <summary>Adds the mounts of a <c>BAZAAR_DOCKER_MOUNTS</c> value; a malformed entry is added empty, for validation to report.</summary>
    /// <param name="options">The options.</param>
    /// <param name="list">The value, or <see langword="null"/>.</param>
    internal static void AddMounts(DockerRemoteOptions options, string? list)
    {
        foreach (var entry in (list ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? entry : entry[..equals];
            var paths = equals < 0 ? string.Empty : entry[(equals + 1)..];
            var colon = paths.IndexOf(':', StringComparison.Ordinal);
            options.Mounts[name] = colon < 0
                ? new DockerMount()
                : new DockerMount { HostPath = paths[..colon], ContainerPath = paths[(colon + 1)..] };
        }
    }

    private static bool IsAbsolute(string path) => path.StartsWith('/');

    private static bool IsMountName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
