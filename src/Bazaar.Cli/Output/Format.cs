using Bazaar.Graphs;
using Bazaar.Products;

namespace Bazaar.Cli.Output;

/// <summary>How durations, sizes and products read in the terminal.</summary>
internal static class Format
{
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "-",
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds:0}ms",
        { TotalMinutes: < 1 } d => $"{d.TotalSeconds:0.0}s",
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes}m{d.Seconds:00}s",
        { } d => $"{(int)d.TotalHours}h{d.Minutes:00}m",
    };

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.0} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB",
    };

    /// <summary>Step counts as <c>3 succeeded, 1 failed</c>, in the states' order; empty when unknown.</summary>
    public static string Counts(IReadOnlyDictionary<Graphs.StepState, int>? counts) => counts is null
        ? string.Empty
        : string.Join(", ", counts.Where(c => c.Value > 0).OrderBy(c => c.Key).Select(c => $"{c.Value} {StateStyle.Name(c.Key)}"));

    /// <summary>A product as <c>name=sha256:0123456789ab (1.2 KiB)</c>: the digest is shortened to 12 hex digits.</summary>
    public static string Product(ProductRef product)
    {
        var digest = product.Digest.Length > "sha256:".Length + 12 ? product.Digest[..("sha256:".Length + 12)] : product.Digest;
        return $"{product.Name}={digest} ({Size(product.Size)})";
    }
}
