using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AwsBatch;

/// <summary>Reads a <c>type: aws-batch</c> remote's settings and reports every problem with them.</summary>
internal static partial class BatchSettingsReader
{
    /// <summary>The remote type.</summary>
    public const string RemoteType = "aws-batch";

    /// <summary>The job queue.</summary>
    public const string JobQueueKey = "jobQueue";

    /// <summary>The job definition.</summary>
    public const string JobDefinitionKey = "jobDefinition";

    /// <summary>The vCPUs.</summary>
    public const string VcpusKey = "vcpus";

    /// <summary>The memory in MiB.</summary>
    public const string MemoryKey = "memory";

    /// <summary>How long the job may stay queued (RUNNABLE) before the attempt fails.</summary>
    public const string StartTimeoutKey = "startTimeout";

    /// <summary>The settings the remote takes, in the order the README lists them.</summary>
    public static readonly IReadOnlyList<string> Keys = [JobQueueKey, JobDefinitionKey, VcpusKey, MemoryKey, StartTimeoutKey];

    /// <summary>Reads the settings.</summary>
    /// <param name="remote">The remote.</param>
    /// <param name="problems">Receives what is wrong, one entry per setting, each saying what to write instead.</param>
    /// <returns>The settings, or <see langword="null"/> when there were problems.</returns>
    public static BatchStepSettings? Read(RemoteDefinition remote, List<RemoteSettingProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var settings = remote.Settings;
        foreach (var key in settings.Keys.Where(k => !Keys.Contains(k)).Order(StringComparer.Ordinal))
        {
            // The endpoint, region and credentials are the host's: a graph must not send signed requests elsewhere.
            var hint = key is "region" or "endpoint" or "jobRoleArn" or "executionRoleArn"
                ? $" ({key} is the host's business: the region and endpoint are set where Bazaar runs, and a job's roles come from the job definitions the host allows)"
                : string.Empty;
            problems.Add(new(key, $"{RemoteType} setting '{key}' is not known{hint}; the {RemoteType} remote takes {string.Join(", ", Keys)}"));
        }

        var queue = Name(settings, JobQueueKey, QueuePattern(), "a job queue's name (1-128 of letters, digits, - and _) or ARN, e.g. jobQueue: bazaar", problems);
        var definition = Name(settings, JobDefinitionKey, DefinitionPattern(), "a job definition: name, name:revision or its ARN, e.g. jobDefinition: bazaar-agent:2", problems);
        var vcpus = RemoteSettingValues.Number(settings, RemoteType, VcpusKey, 0.25, 256, "vCPUs, e.g. vcpus: 1 (Fargate takes 0.25, 0.5, 1, 2, 4, 8 or 16)", problems);
        var memory = RemoteSettingValues.Number(settings, RemoteType, MemoryKey, 128, 1_048_576, "MiB, e.g. memory: 2048", problems);
        if (memory is { } m && m != Math.Floor(m))
        {
            problems.Add(new(MemoryKey, $"{RemoteType} setting '{MemoryKey}' is {m.ToString(CultureInfo.InvariantCulture)}; write whole MiB, e.g. memory: 2048"));
        }

        TimeSpan? startTimeout = null;
        if (RemoteSettingValues.Text(settings, RemoteType, StartTimeoutKey, "write a duration such as 15m", problems) is { } text)
        {
            if (GraphDuration.TryParse(text, out var parsed) && parsed >= TimeSpan.FromSeconds(1) && parsed <= TimeSpan.FromDays(7))
            {
                startTimeout = parsed;
            }
            else
            {
                problems.Add(new(StartTimeoutKey, $"{RemoteType} setting '{StartTimeoutKey}' is '{text}'; write a duration from 1s to 7d, such as 15m or 2h: how long the job may wait for capacity (RUNNABLE) before the attempt fails"));
            }
        }

        return problems.Count == before ? new BatchStepSettings(queue, definition, vcpus, memory is { } mb ? (int)mb : null, startTimeout) : null;
    }

    private static string? Name(IReadOnlyDictionary<string, JsonElement> settings, string key, Regex pattern, string advice, List<RemoteSettingProblem> problems)
    {
        var value = RemoteSettingValues.Text(settings, RemoteType, key, $"write {advice}", problems);
        if (value is not null && !pattern.IsMatch(value))
        {
            problems.Add(new(key, $"{RemoteType} setting '{key}' is '{value}', which is not {advice}"));
            return null;
        }

        return value;
    }

    [GeneratedRegex(@"^([a-zA-Z0-9_-]{1,128}|arn:aws[a-z-]*:batch:[a-z0-9-]+:[0-9]{12}:job-queue/[a-zA-Z0-9_-]{1,128})\z", RegexOptions.CultureInvariant)]
    private static partial Regex QueuePattern();

    [GeneratedRegex(@"^([a-zA-Z0-9_-]{1,128}(:[0-9]{1,9})?|arn:aws[a-z-]*:batch:[a-z0-9-]+:[0-9]{12}:job-definition/[a-zA-Z0-9_-]{1,128}(:[0-9]{1,9})?)\z", RegexOptions.CultureInvariant)]
    private static partial Regex DefinitionPattern();
}
