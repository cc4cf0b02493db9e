using Microsoft.DurableTask;

namespace Bazaar.Benchmarks.Floor;

/// <summary>
/// The engine's floor: a plain orchestration that walks the same DAG as Bazaar — each step an
/// activity started the moment its dependencies ended, at most <see cref="FloorRequest.MaxParallel"/>
/// at once — with none of Bazaar's bookkeeping (no scheduler, status, records or products).
/// </summary>
internal sealed class FloorOrchestrator : TaskOrchestrator<FloorRequest, FloorResult>
{
    public const string Name = "BenchFloor";

    public override async Task<FloorResult> RunAsync(TaskOrchestrationContext context, FloorRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var started = context.CurrentUtcDateTime;
        var n = input.Dependencies.Length;
        var waiting = new int[n];
        var consumers = new List<int>[n];
        var ready = new Queue<int>();
        for (var i = 0; i < n; i++)
        {
            consumers[i] = [];
        }

        for (var i = 0; i < n; i++)
        {
            waiting[i] = input.Dependencies[i].Length;
            foreach (var d in input.Dependencies[i])
            {
                consumers[d].Add(i);
            }

            if (waiting[i] == 0)
            {
                ready.Enqueue(i);
            }
        }

        var inFlight = new Dictionary<Task<FloorStamp>, int>();
        var stamps = input.ReturnStamps ? new List<FloorStamp>(n) : null;
        var completed = 0;
        while (ready.Count > 0 || inFlight.Count > 0)
        {
            while (inFlight.Count < input.MaxParallel && ready.TryDequeue(out var next))
            {
                inFlight.Add(context.CallActivityAsync<FloorStamp>(FloorActivity.Name, new FloorCall(next, input.SleepMs[next])), next);
            }

            var done = await Task.WhenAny(inFlight.Keys);
            var index = inFlight[done];
            inFlight.Remove(done);
            stamps?.Add(await done);
            completed++;
            foreach (var c in consumers[index])
            {
                if (--waiting[c] == 0)
                {
                    ready.Enqueue(c);
                }
            }
        }

        return new FloorResult { StartedAt = started, EndedAt = context.CurrentUtcDateTime, Completed = completed, Stamps = stamps };
    }
}
