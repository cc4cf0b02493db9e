using System.Globalization;
using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Remotes.Docker;

/// <summary>
/// The docker remote as code names it, in BEP4's style: <c>new DockerRemoteSpec("busybox:1.36").Apply(step)</c>.
/// Each property is the graph file's setting of the same name; see the project's README.
/// </summary>
/// <param name="Image">The image reference.</param>
public sealed record DockerRemoteSpec(string Image) : RemoteSpec
{
    /// <inheritdoc/>
    public override string Type => "docker";

    /// <summary>Gets what a <c>run:</c> string goes through (default <c>/bin/sh -c</c>), or what comes before a <c>run:</c> list.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Gets the entrypoint that replaces the image's.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Gets environment variables; the step's own <c>env:</c> wins over them.</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>Gets the user to run as (<c>nobody</c>, <c>1000:1000</c>); default the <c>uid:gid</c> Bazaar runs as.</summary>
    public string? User { get; init; }

    /// <summary>Gets the CPU limit, e.g. 1.5.</summary>
    public double? Cpus { get; init; }

    /// <summary>Gets the memory limit, e.g. <c>512m</c>, <c>1g</c>.</summary>
    public string? Memory { get; init; }

    /// <summary>Gets the network: <c>none</c> (the default) or <c>host</c>, which the host must allow (<see cref="DockerRemoteOptions.AllowHostNetwork"/>).</summary>
    public string? Network { get; init; }

    /// <summary>Gets the pull policy; default the host's (<see cref="DockerRemoteOptions.DefaultPullPolicy"/>).</summary>
    public DockerPullPolicy? Pull { get; init; }

    /// <summary>Gets names of read-only mounts from the host's allowlist.</summary>
    public IReadOnlyList<string>? Mounts { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, JsonElement> Settings
    {
        get
        {
            var settings = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["image"] = JsonSerializer.SerializeToElement(this.Image) };
            Add(settings, "command", this.Command);
            Add(settings, "entrypoint", this.Entrypoint);
            Add(settings, "env", this.Env);
            Add(settings, "user", this.User);
            Add(settings, "cpus", this.Cpus);
            Add(settings, "memory", this.Memory);
            Add(settings, "network", this.Network);
            Add(settings, "pull", this.Pull switch
            {
                DockerPullPolicy.IfNotPresent => "if-not-present",
                DockerPullPolicy.Always => "always",
                DockerPullPolicy.Never => "never",
                _ => this.Pull?.ToString().ToLower(CultureInfo.InvariantCulture),
            });
            Add(settings, "mounts", this.Mounts);
            return settings;
        }
    }

    private static void Add<T>(Dictionary<string, JsonElement> settings, string key, T? value)
    {
        if (value is not null)
        {
            settings[key] = JsonSerializer.SerializeToElement(value);
        }
    }
}
