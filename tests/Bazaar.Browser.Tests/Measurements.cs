using System.Collections.Concurrent;
using System.Globalization;

namespace Bazaar.Browser.Tests;

/// <summary>
/// Issue 20's figures as the browser tests measure them (recorded, never asserted as timings): each is printed and
/// appended to <c>ui-measurements.txt</c> in the test output folder, from which benchmarks/RESULTS.md is written.
/// </summary>
internal static class Measurements
{
    private static readonly ConcurrentQueue<string> Lines = new();

    public static void Record(string what, double value)
    {
        var line = $"{DateTimeOffset.UtcNow:O}\t{what}\t{value.ToString("0.###", CultureInfo.InvariantCulture)}";
        Lines.Enqueue(line);
        Console.WriteLine(line);
        File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "ui-measurements.txt"), line + "\n");
    }
}
