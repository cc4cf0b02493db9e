using System.Globalization;
using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Remotes.Docker;

/// <summary>Reads a <c>type: docker</c> remote's settings and reports every problem with them.</summary>
internal static class DockerSettingsReader
{
    /// <summary>The settings a docker remote takes, in the order the README lists them.</summary>
    public static readonly IReadOnlyList<string> Keys = ["image", "command", "entrypoint", "env", "user", "cpus", "memory", "network", "pull", "mounts"];

    private const long MinimumMemory = 6 * 1024 * 1024; // the engine refuses less

    /// <summary>Reads the settings.</summary>
    /// <param name="remote">The remote.</param>
    /// <param name="options">The host's settings: the default pull policy, the mount allowlist, whether host networking is allowed.</param>
    /// <param name="problems">Receives what is wrong, one entry per setting.</param>
    /// <returns>The settings, or <see langword="null"/> when there were problems.</returns>
    public static DockerStepSettings? Read(RemoteDefinition remote, DockerRemoteOptions options, List<RemoteSettingProblem> problems)
    {
        var before = problems.Count;
        var settings = remote.Settings;
        foreach (var key in settings.Keys.Where(k => !Keys.Contains(k)).Order(StringComparer.Ordinal))
        {
            problems.Add(new(key, $"docker setting '{key}' is not known; the docker remote takes {string.Join(", ", Keys)}"));
        }

        var image = String(settings, "image", problems);
        if (image is null && !settings.ContainsKey("image"))
        {
            problems.Add(new(null, "the docker remote needs image:, e.g. { type: docker, image: busybox:1.36 }"));
        }
        else if (image is not null && (image.Length == 0 || image.Any(char.IsWhiteSpace)))
        {
            problems.Add(new("image", $"docker setting 'image' is '{image}'; write an image reference such as busybox:1.36 or registry.example.com/team/tool@sha256:…"));
        }

        var result = new DockerStepSettings
        {
            Image = image ?? string.Empty,
            Command = Argv(settings, "command", problems),
            Entrypoint = Argv(settings, "entrypoint", problems),
            Env = Env(settings, problems),
            User = User(settings, problems),
            NanoCpus = Cpus(settings, problems),
            MemoryBytes = Memory(settings, problems),
            Network = Network(settings, options, problems),
            Pull = Pull(settings, options.DefaultPullPolicy, problems),
            Mounts = Mounts(settings, options, problems),
        };
        return problems.Count == before ? result : null;
    }

    /// <summary>Parses a memory size: bytes, or a number with b, k, m, g (binary units, as docker reads them).</summary>
    /// <param name="text">The size, e.g. <c>512m</c>, <c>1.5g</c>.</param>
    /// <returns>Bytes, or <see langword="null"/> when not a size.</returns>
    public static long? ParseMemory(string text)
    {
        text = text.Trim().ToLowerInvariant();
        if (text.Length == 0)
        {
            return null;
        }

        if (text.EndsWith('b') && text.Length > 1 && !char.IsDigit(text[^2]))
        {
            text = text[..^1]; // "512mb" as "512m"
        }

        var multiplier = text[^1] switch
        {
            'b' => 1L,
            'k' => 1L << 10,
            'm' => 1L << 20,
            'g' => 1L << 30,
            't' => 1L << 40,
            _ => 0L,
        };
        var number = multiplier == 0 ? text : text[..^1];
        multiplier = Math.Max(multiplier, 1);
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return null;
        }

        var bytes = value * multiplier;
        return bytes > long.MaxValue ? null : (long)bytes;
    }

    private static string? String(IReadOnlyDictionary<string, JsonElement> settings, string key, List<RemoteSettingProblem> problems)
    {
        if (!settings.TryGetValue(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetRawText();
        }

        problems.Add(new(key, $"docker setting '{key}' is {RemoteSettingValues.Describe(value)}; write text"));
        return null;
    }

    private static List<string>? Argv(IReadOnlyDictionary<string, JsonElement> settings, string key, List<RemoteSettingProblem> problems)
    {
        if (!settings.TryGetValue(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Number))
        {
            var list = value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList();
            if (list.Count > 0 && list[0].Length > 0)
            {
                return list;
            }
        }

        problems.Add(new(key, $"docker setting '{key}' is {RemoteSettingValues.Describe(value)}; write a list whose first item is a program, e.g. {key}: [/bin/sh, -c]"));
        return null;
    }

    private static Dictionary<string, string> Env(IReadOnlyDictionary<string, JsonElement> settings, List<RemoteSettingProblem> problems)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!settings.TryGetValue("env", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return env;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new("env", $"docker setting 'env' is {RemoteSettingValues.Describe(value)}; write a map from name to value, e.g. env: {{ LANG: C.UTF-8 }}"));
            return env;
        }

        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Name.Length == 0 || entry.Name.Contains('=', StringComparison.Ordinal) || entry.Name.Contains('\0', StringComparison.Ordinal))
            {
                problems.Add(new("env", $"docker setting 'env' has the variable name '{entry.Name}'; a name cannot be empty or hold '=' or NUL"));
            }
            else if (entry.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                problems.Add(new("env", $"docker setting 'env' gives '{entry.Name}' {RemoteSettingValues.Describe(entry.Value)}; write text"));
            }
            else
            {
                env[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.ValueKind == JsonValueKind.Null ? string.Empty : entry.Value.GetRawText();
            }
        }

        return env;
    }

    private static string? User(IReadOnlyDictionary<string, JsonElement> settings, List<RemoteSettingProblem> problems)
    {
        var user = String(settings, "user", problems);
        if (user is not null && (user.Length == 0 || user.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            problems.Add(new("user", $"docker setting 'user' is '{user}'; write a user name or id, optionally with a group: nobody, 1000, 1000:1000"));
            return null;
        }

        return user;
    }

    private static long Cpus(IReadOnlyDictionary<string, JsonElement> settings, List<RemoteSettingProblem> problems)
    {
        if (!settings.TryGetValue("cpus", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        var text = value.ValueKind is JsonValueKind.Number ? value.GetRawText() : value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus) && cpus >= 0.01m && cpus <= 1024)
        {
            return (long)(cpus * 1_000_000_000m);
        }

        problems.Add(new("cpus", $"docker setting 'cpus' is {RemoteSettingValues.Describe(value)}; write a number of CPUs from 0.01 up, e.g. cpus: 1.5"));
        return 0;
    }

    private static long Memory(IReadOnlyDictionary<string, JsonElement> settings, List<RemoteSettingProblem> problems)
    {
        if (!settings.TryGetValue("memory", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        var text = value.ValueKind is JsonValueKind.Number ? value.GetRawText() : value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text is not null && ParseMemory(text) is { } bytes && bytes >= MinimumMemory)
        {
            return bytes;
        }

        problems.Add(new("memory", $"docker setting 'memory' is {RemoteSettingValues.Describe(value)}; write a size of at least 6m, e.g. memory: 512m or memory: 1g"));
        return 0;
    }

    private static string? Choice(IReadOnlyDictionary<string, JsonElement> settings, string key, string[] allowed, List<RemoteSettingProblem> problems)
    {
        if (!settings.TryGetValue(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && allowed.Contains(value.GetString()))
        {
            return value.GetString()!;
        }

        problems.Add(new(key, $"docker setting '{key}' is {RemoteSettingValues.Describe(value)}; write one of {string.Join(", ", allowed)}"));
        return null;
    }

    private static string Network(IReadOnlyDictionary<string, JsonElement> settings, DockerRemoteOptions options, List<RemoteSettingProblem> problems)
    {
        var network = Choice(settings, "network", ["none", "host"], problems) ?? "none";
        if (network == "host" && !options.AllowHostNetwork)
        {
            problems.Add(new("network", $"docker setting 'network' is 'host', and {ContainerSecurity.HostNetworkRefusal()}"));
            return "none";
        }

        return network;
    }

    private static DockerPullPolicy Pull(IReadOnlyDictionary<string, JsonElement> settings, DockerPullPolicy fallback, List<RemoteSettingProblem> problems) =>
        Choice(settings, "pull", ["if-not-present", "always", "never"], problems) switch
        {
            "if-not-present" => DockerPullPolicy.IfNotPresent,
            "always" => DockerPullPolicy.Always,
            "never" => DockerPullPolicy.Never,
            _ => fallback,
        };

    private static List<DockerMount> Mounts(IReadOnlyDictionary<string, JsonElement> settings, DockerRemoteOptions options, List<RemoteSettingProblem> problems)
    {
        var mounts = new List<DockerMount>();
        if (!settings.TryGetValue("mounts", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return mounts;
        }

        var allowed = options.Mounts.Count == 0 ? "none are configured" : "configured: " + string.Join(", ", options.Mounts.Keys.Order(StringComparer.Ordinal));
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            problems.Add(new("mounts", $"docker setting 'mounts' is {RemoteSettingValues.Describe(value)}; write a list of mount names from the host's allowlist ({allowed})"));
            return mounts;
        }

        foreach (var name in value.EnumerateArray().Select(e => e.GetString()!))
        {
            if (options.Mounts.TryGetValue(name, out var mount))
            {
                mounts.Add(mount);
            }
            else
            {
                problems.Add(new(
                    "mounts",
                    $"docker setting 'mounts' names '{name}', which is not in this host's mount allowlist ({allowed}); " +
                    "a graph can only name mounts the host's configuration allows (BAZAAR_DOCKER_MOUNTS or DockerRemoteOptions.Mounts)"));
            }
        }

        return mounts;
    }
}
