using Microsoft.DurableTask;

namespace Bazaar.Benchmarks.Floor;

/// <summary>The engine's floor for a step: does nothing (or sleeps) and says when it ran.</summary>
internal sealed class FloorActivity : TaskActivity<FloorCall, FloorStamp>
{
    public const string Name = "BenchFloorStep";

    public override async Task<FloorStamp> RunAsync(TaskActivityContext context, FloorCall input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = DateTimeOffset.UtcNow;
        if (input.SleepMs > 0)
        {
            await Task.Delay(input.SleepMs);
        }

        return new FloorStamp(input.Index, started, DateTimeOffset.UtcNow);
    }
}
