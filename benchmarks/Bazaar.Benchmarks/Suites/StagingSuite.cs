using System.Diagnostics;
using Azure.Storage.Blobs;
using Bazaar.Benchmarks.Reporting;
using Bazaar.Hosting;
using Bazaar.Products;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Benchmarks.Suites;

/// <summary>
/// Suite 4: upload and download of many small files and one large file, Bazaar's product store
/// (digest while streaming, content by digest, a product ref each) against the raw
/// Azure.Storage.Blobs client with its defaults, in this process, raw then Bazaar per phase.
/// The working set is sampled during each phase.
/// </summary>
internal static class StagingSuite
{
    public const string Name = "staging";

    public static async Task<List<BenchRow>> RunAsync(BenchHost host, BenchOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("bazaar-bench-staging-");
        var container = host.HostOptions.Container + "-staging";
        var services = new ServiceCollection().AddLogging();
        services.AddBazaar().AddBlobProductStore(o =>
        {
            host.HostOptions.ConfigureStore(o);
            o.ContainerName = container;
        });
        await using var provider = services.BuildServiceProvider();
        var store = (provider.GetRequiredService<IContentStore>(), provider.GetRequiredService<IProductRefs>());
        var raw = new BlobServiceClient(host.ConnectionString).GetBlobContainerClient(container);
        await raw.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        try
        {
            var rows = new List<BenchRow>();
            var small = await WriteFilesAsync(Path.Combine(scratch.FullName, "small"), options.Files, options.FileBytes, cancellationToken);
            rows.AddRange(await CompareAsync($"{options.Files:N0} × {Size(options.FileBytes)}", small, options.FileParallelism, store, raw, scratch.FullName, log, cancellationToken));
            DeleteQuietly(Path.Combine(scratch.FullName, "small"));

            var big = await WriteFilesAsync(Path.Combine(scratch.FullName, "big"), 1, options.BigFileBytes, cancellationToken);
            rows.AddRange(await CompareAsync($"1 × {Size(options.BigFileBytes)}", big, 1, store, raw, scratch.FullName, log, cancellationToken));
            return rows;
        }
        finally
        {
            await raw.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            DeleteQuietly(scratch.FullName);
        }
    }

    private static async Task<List<BenchRow>> CompareAsync(
        string label, List<string> files, int parallelism, (IContentStore Content, IProductRefs Refs) store, BlobContainerClient raw, string scratch, Action<string> log, CancellationToken cancellationToken)
    {
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var runId = "staging-" + Guid.NewGuid().ToString("N")[..8];
        var producer = new ProductProducer(runId, null, 0, null);
        var refs = new ProductRef[files.Count];

        var rawUp = await MeasureAsync(files.Count, parallelism, i => raw.GetBlobClient($"raw/{runId}/{i}").UploadAsync(files[i], cancellationToken), cancellationToken);
        var bazaarUp = await MeasureAsync(files.Count, parallelism, async i => refs[i] = await store.Content.PutAsync(store.Refs, runId, $"f{i}", files[i], producer, cancellationToken), cancellationToken);
        log($"  upload   {label}: raw {Rate(bytes, rawUp.Time)}, peak {Size(rawUp.Peak)}; bazaar {Rate(bytes, bazaarUp.Time)}, peak {Size(bazaarUp.Peak)}");

        var rawDir = Directory.CreateDirectory(Path.Combine(scratch, "down-raw-" + runId)).FullName;
        var bazaarDir = Directory.CreateDirectory(Path.Combine(scratch, "down-bazaar-" + runId)).FullName;
        var rawDown = await MeasureAsync(files.Count, parallelism, i => raw.GetBlobClient($"raw/{runId}/{i}").DownloadToAsync(Path.Combine(rawDir, $"{i}"), cancellationToken), cancellationToken);
        DeleteQuietly(rawDir);
        var bazaarDown = await MeasureAsync(files.Count, parallelism, i => store.Content.MaterializeAsync(refs[i], Path.Combine(bazaarDir, $"{i}"), cancellationToken), cancellationToken);
        DeleteQuietly(bazaarDir);
        log($"  download {label}: raw {Rate(bytes, rawDown.Time)}, peak {Size(rawDown.Peak)}; bazaar {Rate(bytes, bazaarDown.Time)}, peak {Size(bazaarDown.Peak)}");

        return
        [
            Throughput($"upload {label}", bytes, bazaarUp, rawUp),
            Throughput($"download {label}", bytes, bazaarDown, rawDown),
            Memory($"upload {label}", bazaarUp, rawUp),
            Memory($"download {label}", bazaarDown, rawDown),
        ];
    }

    private static BenchRow Throughput(string label, long bytes, Phase bazaar, Phase raw)
    {
        var b = bytes / (double)(1 << 20) / bazaar.Time.TotalSeconds;
        var r = bytes / (double)(1 << 20) / raw.Time.TotalSeconds;
        return new BenchRow
        {
            Suite = Name, Case = label, Metric = "throughput", Unit = "MiB/s", Bazaar = b, Baseline = r, Ratio = b / r,
            Target = "≥ 0.9 of raw", Met = b / r >= 0.9, Note = $"Bazaar {bazaar.Time.TotalSeconds:0.00} s, raw {raw.Time.TotalSeconds:0.00} s",
        };
    }

    private static BenchRow Memory(string label, Phase bazaar, Phase raw) => new()
    {
        Suite = Name, Case = label, Metric = "peak working set", Unit = "MiB",
        Bazaar = bazaar.Peak / (double)(1 << 20), Baseline = raw.Peak / (double)(1 << 20), Ratio = bazaar.Peak / (double)raw.Peak,
        Target = "Bazaar ≤ 256 MiB", Met = bazaar.Peak <= 256L << 20, Note = "whole harness process, sampled every 20 ms",
    };

    private static async Task<Phase> MeasureAsync(int count, int parallelism, Func<int, Task> transfer, CancellationToken cancellationToken)
    {
        var sampler = MemorySampler.Start();
        await using (sampler)
        {
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(
                Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (i, _) => await transfer(i));
            return new Phase(clock.Elapsed, sampler.Peak);
        }
    }

    private static async Task<List<string>> WriteFilesAsync(string folder, int count, long size, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>(count);
        var buffer = new byte[Math.Min(size, 1 << 20)];
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(folder, $"{i}.bin");
            var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
            await using (file)
            {
                // Distinct random content per file: content addressing must not deduplicate the benchmark away.
                for (long written = 0; written < size; written += buffer.Length)
                {
                    Random.Shared.NextBytes(buffer);
                    await file.WriteAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - written)), cancellationToken);
                }
            }

            files.Add(path);
        }

        return files;
    }

    private static string Rate(long bytes, TimeSpan time) => $"{bytes / (double)(1 << 20) / time.TotalSeconds:0.0} MiB/s";

    internal static string Size(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.#} GiB" : bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.#} MiB" : $"{bytes / 1024.0:0.#} KiB";

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    private sealed record Phase(TimeSpan Time, long Peak);
}
