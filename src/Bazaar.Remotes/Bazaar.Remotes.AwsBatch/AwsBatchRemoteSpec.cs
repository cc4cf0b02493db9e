using System.Text.Json;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AwsBatch;

/// <summary>
/// An AWS Batch job as code names it, <c>remote: { type: aws-batch, … }</c> in a graph file. Each property is the graph
/// file's setting of the same name; what is left out comes from the host.
/// </summary>
/// <example><c>new AwsBatchRemoteSpec { Vcpus = 2, Memory = 4096, StartTimeout = "30m" }.Apply(step);</c></example>
public sealed record AwsBatchRemoteSpec : RemoteSpec
{
    /// <summary>Gets the job queue's name or ARN; <see langword="null"/> for the host's.</summary>
    public string? JobQueue { get; init; }

    /// <summary>Gets the job definition (<c>name</c>, <c>name:revision</c>, ARN); <see langword="null"/> for the host's.</summary>
    public string? JobDefinition { get; init; }

    /// <summary>Gets the vCPUs; <see langword="null"/> for the job definition's.</summary>
    public double? Vcpus { get; init; }

    /// <summary>Gets the memory in MiB; <see langword="null"/> for the job definition's.</summary>
    public int? Memory { get; init; }

    /// <summary>Gets how long the job may wait for capacity (<c>15m</c>); <see langword="null"/> for the host's.</summary>
    public string? StartTimeout { get; init; }

    /// <inheritdoc/>
    public override string Type => BatchSettingsReader.RemoteType;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, JsonElement> Settings
    {
        get
        {
            var settings = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            Add(settings, BatchSettingsReader.JobQueueKey, this.JobQueue);
            Add(settings, BatchSettingsReader.JobDefinitionKey, this.JobDefinition);
            Add(settings, BatchSettingsReader.VcpusKey, this.Vcpus);
            Add(settings, BatchSettingsReader.MemoryKey, this.Memory);
            Add(settings, BatchSettingsReader.StartTimeoutKey, this.StartTimeout);
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
