using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Scheduling;

namespace Bazaar.Graphs.Tests.Scheduling;

/// <summary>
/// Drives a <see cref="GraphScheduler"/> the way an orchestrator would, with random choices: take a
/// random number of ready steps, complete a random one in flight (failing some), or supply a
/// withheld graph input late. After every call it checks the scheduler against a naive reference
/// that rescans every step: the steps made ready are exactly those whose last input just came
/// into existence, in declaration order, and they are handed out first in first out.
/// </summary>
internal sealed class SimulatedRun
{
    private SimulatedRun()
    {
    }

    /// <summary>Every output of the scheduler, in order, as text.</summary>
    public List<string> Trace { get; } = [];

    /// <summary>Step indices in the order they were taken.</summary>
    public List<int> Started { get; } = [];

    /// <summary>Logical time each step was taken and completed at, by index.</summary>
    public Dictionary<int, int> StartedAt { get; } = [];

    public Dictionary<int, int> CompletedAt { get; } = [];

    public HashSet<int> Failed { get; } = [];

    public IReadOnlyList<string> Unreached { get; private set; } = [];

    public static SimulatedRun Execute(RandomDag dag, int seed, int failPercent)
    {
        var run = new SimulatedRun();
        var random = new Random(seed);
        var steps = dag.Steps;
        var index = steps.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i);
        var withheld = dag.Graph.Inputs.Where(_ => random.Next(4) == 0).ToList();
        var available = dag.Graph.Inputs.Except(withheld).ToHashSet();
        var scheduler = new GraphScheduler(dag.Graph, [.. available]);

        var madeReady = new bool[steps.Count];
        var expectedQueue = new Queue<int>();
        List<int> ReleaseNewlyReady()
        {
            var released = new List<int>();
            for (var i = 0; i < steps.Count; i++)
            {
                if (!madeReady[i] && steps[i].Consumes.All(available.Contains))
                {
                    madeReady[i] = true;
                    released.Add(i);
                    expectedQueue.Enqueue(i);
                }
            }

            return released;
        }

        ReleaseNewlyReady();
        var inFlight = new List<int>();
        var clock = 0;
        while (true)
        {
            Assert.Equal(expectedQueue.Count, scheduler.ReadyCount);
            Assert.Equal(inFlight.Count, scheduler.InFlight);
            Assert.Equal(expectedQueue.Count == 0 && inFlight.Count == 0, scheduler.IsFinished);

            var choices = new List<int>();
            if (scheduler.ReadyCount > 0)
            {
                choices.Add(0);
            }

            if (inFlight.Count > 0)
            {
                choices.AddRange([1, 1]);
            }

            if (withheld.Count > 0)
            {
                choices.Add(2);
            }

            if (choices.Count == 0)
            {
                break;
            }

            clock++;
            switch (choices[random.Next(choices.Count)])
            {
                case 0:
                    for (var n = random.Next(1, scheduler.ReadyCount + 1); n > 0; n--)
                    {
                        Assert.True(scheduler.TryTakeReady(out var step));
                        var i = index[step.Name];
                        Assert.Equal(expectedQueue.Dequeue(), i);
                        Assert.Equal(StepState.Running, scheduler.GetState(step.Name));
                        run.Trace.Add($"take {step.Name}");
                        run.Started.Add(i);
                        run.StartedAt.Add(i, clock);
                        inFlight.Add(i);
                    }

                    break;

                case 1:
                    {
                        var pick = random.Next(inFlight.Count);
                        var i = inFlight[pick];
                        inFlight.RemoveAt(pick);
                        var succeeded = random.Next(100) >= failPercent;
                        var returned = scheduler.Complete(steps[i].Name, succeeded);
                        run.CompletedAt.Add(i, clock);
                        if (succeeded)
                        {
                            available.UnionWith(steps[i].Produces.Select(p => p.Name));
                        }
                        else
                        {
                            run.Failed.Add(i);
                        }

                        var expected = ReleaseNewlyReady();
                        Assert.Equal(expected, returned.Select(s => index[s.Name]));
                        Assert.Equal(succeeded ? StepState.Succeeded : StepState.Failed, scheduler.GetState(steps[i].Name));
                        run.Trace.Add($"complete {steps[i].Name} {succeeded} -> [{string.Join(',', returned.Select(s => s.Name))}]");
                        break;
                    }

                default:
                    {
                        var pick = random.Next(withheld.Count);
                        var product = withheld[pick];
                        withheld.RemoveAt(pick);
                        scheduler.MarkAvailable(product);
                        available.Add(product);
                        var expected = ReleaseNewlyReady();
                        Assert.All(expected, i => Assert.Equal(StepState.NotStarted, scheduler.GetState(steps[i].Name)));
                        run.Trace.Add($"supply {product} -> [{string.Join(',', expected.Select(i => steps[i].Name))}]");
                        break;
                    }
            }
        }

        run.Unreached = [.. scheduler.Unreached().Select(s => s.Name)];
        foreach (var name in run.Unreached)
        {
            Assert.Equal(StepState.Waiting, scheduler.GetState(name));
            Assert.NotNull(scheduler.FirstMissingInput(name));
        }

        run.Trace.Add($"unreached [{string.Join(',', run.Unreached)}]");
        return run;
    }
}
