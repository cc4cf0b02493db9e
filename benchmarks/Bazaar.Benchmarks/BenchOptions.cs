using System.Globalization;

namespace Bazaar.Benchmarks;

/// <summary>What to run, at which sizes, with which host settings; parsed from the command line.</summary>
internal sealed record BenchOptions
{
    public static readonly string[] AllSuites = ["orchestration", "latency", "critical", "staging"];

    public bool Quick { get; init; }

    public IReadOnlyList<string> Suites { get; init; } = AllSuites;

    public IReadOnlyList<int> Sizes { get; init; } = [100, 1_000, 10_000];

    public IReadOnlyList<string> Shapes { get; init; } = ["fanout", "chain", "lattice"];

    /// <summary>Gets the cap on steps in flight, the same for Bazaar and the floor.</summary>
    public int MaxParallel { get; init; } = 100;

    /// <summary>Gets the most steps one of Bazaar's orchestrations walks before a graph is sharded (<see cref="Orchestration.RunOptions.ShardSize"/>).</summary>
    public int ShardSize { get; init; } = new Orchestration.RunOptions().ShardSize;

    /// <summary>Gets Bazaar's run options for a run with at most <paramref name="maxParallel"/> steps in flight.</summary>
    public Orchestration.RunOptions RunOptions(int maxParallel) => new() { MaxParallel = maxParallel, ShardSize = this.ShardSize };

    /// <summary>Gets the shape:size cases not to run, e.g. <c>chain:10000</c> (reported as not run).</summary>
    public IReadOnlyList<string> Skip { get; init; } = [];

    public int ChainLength { get; init; } = 200;

    public int SleepLayers { get; init; } = 4;

    public int SleepWidth { get; init; } = 5;

    public int SleepUnitMs { get; init; } = 250;

    public int Files { get; init; } = 1_000;

    public long FileBytes { get; init; } = 1L << 20;

    public long BigFileBytes { get; init; } = 1L << 30;

    /// <summary>Gets how many files are transferred at once, the same for Bazaar and the raw client.</summary>
    public int FileParallelism { get; init; } = 8;

    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets how long the floor's orchestration runs may take; <see cref="RunTimeout"/> when not set.</summary>
    public TimeSpan? FloorTimeout { get; init; }

    public int? PartitionCount { get; init; }

    public int? MaxConcurrentSteps { get; init; }

    public int? MaxConcurrentOrchestrations { get; init; }

    public TimeSpan? MaxQueuePollingInterval { get; init; }

    /// <summary>Gets whether partitions are leased through the partition table (<c>--partition-manager table|blob</c>).</summary>
    public bool? UseTablePartitionManagement { get; init; }

    /// <summary>
    /// Gets a value indicating whether each measured run of the orchestration suite, floor and Bazaar
    /// alike, starts on a fresh backend (a new Azurite, or a new task hub and container on
    /// <c>BAZAAR_STORAGE</c>) — <c>--backend fresh|shared</c>. Azurite's queue collector runs every
    /// 60 s for a time that grows with the square of the messages since its last pass, so on a shared
    /// emulator whichever run comes later pays for the runs before it.
    /// </summary>
    public bool FreshBackend { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether Azurite keeps its data on disk, in a temporary folder deleted
    /// afterwards, as <c>bazaar run</c> runs it (<c>--azurite disk</c>, the default), instead of in memory
    /// (<c>--azurite memory</c>). In memory, its queue collector sweeps consumed messages one by one and
    /// stalls everything on large runs, which users on disk never see.
    /// </summary>
    public bool AzuriteOnDisk { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether Azurite runs as one process per service, as <c>bazaar run</c>
    /// starts it (<c>--azurite-processes 3</c>, the default), or as the single <c>azurite</c> process
    /// serving all three on one Node thread (<c>--azurite-processes 1</c>).
    /// </summary>
    public bool AzuriteProcessPerService { get; init; } = true;

    /// <summary>Gets the file the engine's warnings and partition-lease events are written to; none when not set.</summary>
    public string? EngineLogPath { get; init; }

    public string? JsonPath { get; init; }

    public string? MarkdownPath { get; init; }

    public string CommandLine { get; init; } = string.Empty;

    /// <summary>The sizes CI uses: checks that every suite works end to end, never how fast.</summary>
    public static BenchOptions QuickDefaults => new()
    {
        Quick = true,
        Sizes = [20],
        ChainLength = 10,
        SleepLayers = 2,
        SleepWidth = 3,
        SleepUnitMs = 100,
        Files = 3,
        FileBytes = 64 << 10,
        BigFileBytes = 1 << 20,
        RunTimeout = TimeSpan.FromMinutes(2),
    };

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--quick") ? QuickDefaults : new BenchOptions();
        options = options with { CommandLine = string.Join(' ', args) };
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--quick" or "--full" => options,
                "--suites" => options with { Suites = List(Next()) },
                "--sizes" => options with { Sizes = List(Next()).Select(Int).ToList() },
                "--shapes" => options with { Shapes = List(Next()) },
                "--skip" => options with { Skip = List(Next()).Select(c => c.ToUpperInvariant()).ToList() },
                "--max-parallel" => options with { MaxParallel = Int(Next()) },
                "--shard-size" => options with { ShardSize = Int(Next()) },
                "--chain" => options with { ChainLength = Int(Next()) },
                "--files" => options with { Files = Int(Next()) },
                "--file-bytes" => options with { FileBytes = Bytes(Next()) },
                "--big-bytes" => options with { BigFileBytes = Bytes(Next()) },
                "--file-parallel" => options with { FileParallelism = Int(Next()) },
                "--run-timeout" => options with { RunTimeout = TimeSpan.FromSeconds(Int(Next())) },
                "--floor-timeout" => options with { FloorTimeout = TimeSpan.FromSeconds(Int(Next())) },
                "--partitions" => options with { PartitionCount = Int(Next()) },
                "--max-steps" => options with { MaxConcurrentSteps = Int(Next()) },
                "--max-orchestrations" => options with { MaxConcurrentOrchestrations = Int(Next()) },
                "--poll-ms" => options with { MaxQueuePollingInterval = TimeSpan.FromMilliseconds(Int(Next())) },
                "--partition-manager" => options with { UseTablePartitionManagement = Next() switch { "table" => true, "blob" => false, var v => throw new ArgumentException($"--partition-manager is table or blob, not {v}") } },
                "--engine-log" => options with { EngineLogPath = Next() },
                "--backend" => options with { FreshBackend = Next() switch { "fresh" => true, "shared" => false, var v => throw new ArgumentException($"--backend is fresh or shared, not {v}") } },
                "--azurite-processes" => options with { AzuriteProcessPerService = Next() switch { "3" => true, "1" => false, var v => throw new ArgumentException($"--azurite-processes is 1 or 3, not {v}") } },
                "--azurite" => options with { AzuriteOnDisk = Next() switch { "disk" => true, "memory" => false, var v => throw new ArgumentException($"--azurite is memory or disk, not {v}") } },
                "--json" => options with { JsonPath = Next() },
                "--markdown" => options with { MarkdownPath = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]}; see benchmarks/README.md"),
            };
        }

        var unknown = options.Suites.Except(AllSuites).ToList();
        return unknown.Count > 0 ? throw new ArgumentException($"unknown suite(s) {string.Join(", ", unknown)}; choose from {string.Join(", ", AllSuites)}") : options;
    }

    private static List<string> List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static int Int(string value) => int.Parse(value.Replace("_", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static long Bytes(string value)
    {
        var v = value.Trim().ToUpperInvariant();
        long unit = v.EndsWith("GIB", StringComparison.Ordinal) ? 1L << 30 : v.EndsWith("MIB", StringComparison.Ordinal) ? 1L << 20 : v.EndsWith("KIB", StringComparison.Ordinal) ? 1L << 10 : 1;
        return long.Parse(unit == 1 ? v : v[..^3], CultureInfo.InvariantCulture) * unit;
    }
}
