using System.Globalization;

namespace Bazaar.Agent;

/// <summary>The agent's command line: <c>bazaar-agent [--request FILE] [--response FILE] [--grace SECONDS]</c>.</summary>
internal sealed record AgentOptions
{
    /// <summary>The environment variable that holds the request's JSON when no <c>--request</c> is given.</summary>
    public const string RequestVariable = "BAZAAR_AGENT_REQUEST";

    public const string Usage =
        "usage: bazaar-agent [--request FILE] [--response FILE] [--grace SECONDS]\n" +
        "  Runs one step attempt from a remote step protocol request: from FILE, else the JSON in $" + RequestVariable + ".\n" +
        "  --response FILE  also write the response's JSON there (without callHome it is stdout's last line).\n" +
        "  --grace SECONDS  time between SIGTERM and SIGKILL when the step is stopped (default 10).\n" +
        "  Exit code: the step's (0 success, 124 timed out); 125 when the agent failed (the response says why); 2 bad usage.";

    public string? RequestFile { get; init; }

    public string? ResponseFile { get; init; }

    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets a value indicating whether the agent's code runs inside a host process of its own (a function app) rather
    /// than alone in a container: the step then inherits the process's environment without the host's credentials
    /// (<see cref="Remotes.HostOnlyVariables"/>), and after the step only the step's own process tree is killed, never
    /// the other children of the process (the host's). The agent alone in a container passes its environment on whole
    /// and kills whatever the step left reparented to it.
    /// </summary>
    public bool InHost { get; init; }

    /// <summary>Reads the command line; <see langword="null"/> with <paramref name="error"/> set when it is wrong.</summary>
    public static AgentOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new AgentOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--request" when value is not null:
                    options = options with { RequestFile = value };
                    i++;
                    break;
                case "--response" when value is not null:
                    options = options with { ResponseFile = value };
                    i++;
                    break;
                case "--grace" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < 3600:
                    options = options with { Grace = TimeSpan.FromSeconds(seconds) };
                    i++;
                    break;
                default:
                    error = $"bazaar-agent: unexpected argument '{args[i]}'\n{Usage}";
                    return null;
            }
        }

        return options;
    }
}
