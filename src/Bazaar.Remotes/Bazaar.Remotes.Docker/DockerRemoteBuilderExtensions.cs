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

    /// <summary>The environment variable that, set to <c>true</c>, lets steps ask for <c>network: host</c>.</summary>
    public const string AllowHostNetworkVariable = "BAZAAR_DOCKER_ALLOW_HOST_NETWORK";

    /// <summary>
    /// Adds the <c>docker</c> remote, which runs each step in a container with its workspace
    /// bind-mounted, and the sweep that removes containers of dead hosts when the host starts.
    /// Nothing connects to the engine until a step runs. Options are validated when the host starts;
    /// <see cref="DockerRemoteOptions.Mounts"/> starts from <c>BAZAAR_DOCKER_MOUNTS</c>, and
    /// <see cref="DockerRemoteOptions.AllowHostNetwork"/> from <c>BAZAAR_DOCKER_ALLOW_HOST_NETWORK</c>.
    /// </summary>
    /// <param name="builder">The Bazaar builder.</param>
    /// <param name="configure">Changes the <see cref="DockerRemoteOptions"/>; optional.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IBazaarBuilder AddDockerRemote(this IBazaarBuilder builder, Action<DockerRemoteOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = builder.Services.AddOptions<DockerRemoteOptions>()
            .Configure(o =>
            {
                AddMounts(o, Environment.GetEnvironmentVariable(MountsVariable));
                AllowHostNetwork(o, Environment.GetEnvironmentVariable(AllowHostNetworkVariable));
            });
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations()
            .Validate(
                o => o.Mounts.All(m => IsMountName(m.Key) && IsAbsolute(m.Value.HostPath) && IsAbsolute(m.Value.ContainerPath)),
                $"Each docker mount needs a name of letters, digits, '.', '_' or '-', and absolute HostPath and ContainerPath; check DockerRemoteOptions.Mounts and {MountsVariable} (name=/host/path:/container/path;…).")
            .Validate(
                _ => ParseSwitch(Environment.GetEnvironmentVariable(AllowHostNetworkVariable)) is not null,
                $"{AllowHostNetworkVariable} is neither true nor false; set it to true (or 1) to let steps use network: host, or to false (or 0, or unset it) to refuse them.")
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

    /// <summary>Turns host networking on when a <c>BAZAAR_DOCKER_ALLOW_HOST_NETWORK</c> value says so; anything else leaves the option as it is.</summary>
    /// <param name="options">The options.</param>
    /// <param name="value">The value, or <see langword="null"/>.</param>
    internal static void AllowHostNetwork(DockerRemoteOptions options, string? value)
    {
        if (ParseSwitch(value) == true)
        {
            options.AllowHostNetwork = true;
        }
    }

    /// <summary>Reads an on/off environment value: <c>true</c>/<c>1</c>, <c>false</c>/<c>0</c>/empty/unset; <see langword="null"/> for anything else.</summary>
    /// <param name="value">The value.</param>
    /// <returns>On, off, or <see langword="null"/> when it is neither.</returns>
    internal static bool? ParseSwitch(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        null or "" or "FALSE" or "0" => false,
        "TRUE" or "1" => true,
        _ => null,
    };

    private static bool IsAbsolute(string path) => path.StartsWith('/');

    private static bool IsMountName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
