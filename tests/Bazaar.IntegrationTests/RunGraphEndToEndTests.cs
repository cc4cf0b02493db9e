using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Testing;
using Microsoft.DurableTask.Client;

namespace Bazaar.IntegrationTests;

[Collection(DurableHostCollection.Name)]
public sealed class RunGraphEndToEndTests(DurableHostFixture fixture)
{
    [Fact]
    public async Task Run_BazaarCiTwoStepSample_SecondStepReadsTheFirstStepsProduct()
    {
        var graph = GraphFile.Load(RepositoryRoot.Combine("examples/bazaarci-two-steps.yaml"), fixture.RemoteTypes);

        var result = await fixture.RunAsync(graph);

        Assert.True(result.Succeeded, Describe(result));
        Assert.All(result.Steps, s => Assert.Equal(StepState.Succeeded, s.State));
    }

    [Fact]
    public async Task Run_BazaarCiThreeStepSample_ThirdStepConsumesBothProducts()
    {
        var graph = GraphFile.Load(RepositoryRoot.Combine("examples/bazaarci-three-steps.yaml"), fixture.RemoteTypes);

        var result = await fixture.RunAsync(graph);

        Assert.True(result.Succeeded, Describe(result));
        var third = result.Steps[^1];
        Assert.Equal(2, graph.Steps[^1].Consumes.Count);
        Assert.True(third.StartedAt >= result.Steps.Take(2).Max(s => s.EndedAt), "the third step starts after both producers ended");
    }

    [Fact]
    public async Task Run_StepsWithoutRun_StoreMarkersWhoseRefsAreTheirRecordsAndNoLog()
    {
        var graph = fixture.Graph("""
            name: markers
            steps:
              first:
                produces: { a: }
              second:
                consumes: [a]
                produces: { b: }
            """);

        var result = await fixture.RunAsync(graph);

        Assert.True(result.Succeeded, Describe(result));
        var ct = TestTimeout.Token();
        foreach (var step in result.Steps)
        {
            // Nothing to log: no log blob is made, and the result points to none.
            Assert.Null(step.Log);
            Assert.Null(await fixture.Logs.OpenLogReadAsync(result.RunId, step.Step, 1, 0, ct));
            Assert.Equal(StepState.Succeeded, step.State);
            Assert.NotNull(step.EndedAt);

            // One write a step (issue 16): its product's ref, naming it; no step record of its own.
            Assert.Null(await fixture.Records.GetStepRecordAsync(result.RunId, step.Step, ct));
            var made = await fixture.Refs.GetAsync(result.RunId, step.Products.Single().Name, ct);
            Assert.Equal(new ProductProducer(result.RunId, step.Step, 1, "process"), made!.Producer);
        }

        Assert.Equal(ProductKind.Marker, (await fixture.Refs.GetAsync(result.RunId, "b", ct))!.Kind);
        Assert.True(result.Steps[1].StartedAt >= result.Steps[0].EndedAt);

        // The task hub keeps the run's input and result without nulls (HistoryJson), and reads them back.
        var stored = await fixture.Host.Client.GetInstanceAsync(result.RunId, getInputsAndOutputs: true, ct);
        Assert.DoesNotContain(":null", stored!.SerializedInput, StringComparison.Ordinal);
        Assert.DoesNotContain(":null", stored.SerializedOutput, StringComparison.Ordinal);
        Assert.Equal(result.Steps.Select(s => s.Step), stored.ReadOutputAs<RunResult>()!.Steps.Select(s => s.Step));
    }

    [Fact]
    public async Task Run_Diamond_FinalProductHasBothBranchesBytes()
    {
        var graph = fixture.Graph("""
            name: diamond
            steps:
              top:
                run: printf 'seed' > seed.txt
                produces: { seed: seed.txt }
              left:
                run: (cat seed; printf -- '-left') > out.txt
                consumes: [seed]
                produces: { l: out.txt }
              right:
                run: (cat seed; printf -- '-right') > out.txt
                consumes: [seed]
                produces: { r: out.txt }
              join:
                run: cat l r > joined.txt
                consumes: [l, r]
                produces: { joined: joined.txt }
            """);

        var result = await fixture.RunAsync(graph);

        Assert.True(result.Succeeded, Describe(result));
        var joined = result.Steps[^1].Products.Single();
        Assert.Equal("seed-leftseed-right", await fixture.ReadTextAsync(joined));
        Assert.Equal(joined.Digest, (await fixture.Refs.GetAsync(result.RunId, "joined", TestTimeout.Token()))!.Digest);
    }

    [Fact]
    public async Task Run_FailingStep_BlocksItsDependentsAndKeepsEarlierProducts()
    {
        var graph = fixture.Graph("""
            name: failing
            steps:
              first:
                run: echo kept > kept.txt
                produces: { kept: kept.txt }
              broken:
                run: echo 'about to fail' >&2; exit 3
                consumes: [kept]
                produces: { never: never.txt }
              downstream:
                run: cat never
                consumes: [never]
            """);

        var result = await fixture.RunAsync(graph);

        Assert.False(result.Succeeded);
        Assert.Equal([StepState.Succeeded, StepState.Failed, StepState.Skipped], result.Steps.Select(s => s.State));
        Assert.Equal(3, result.Steps[1].ExitCode);
        Assert.Contains("about to fail", result.Steps[1].Error, StringComparison.Ordinal);
        Assert.Contains("'broken'", result.Steps[2].Error, StringComparison.Ordinal);
        var kept = await fixture.Refs.GetAsync(result.RunId, "kept", TestTimeout.Token());
        Assert.Equal("kept\n", await fixture.ReadTextAsync(kept!));
        Assert.Null(await fixture.Refs.GetAsync(result.RunId, "never", TestTimeout.Token()));
    }

    [Fact]
    public async Task Run_StepOverItsTimeout_IsKilledAndFails()
    {
        var graph = fixture.Graph("""
            name: slow
            steps:
              sleeper:
                run: sleep 30
                timeout: 1s
            """);

        var result = await fixture.RunAsync(graph);

        var step = Assert.Single(result.Steps);
        Assert.Equal(StepState.Failed, step.State);
        Assert.Contains("timed out", step.Error, StringComparison.Ordinal);
        Assert.True(step.Duration < TimeSpan.FromSeconds(15), $"the step was stopped at its timeout, not after {step.Duration}");
    }

    [Fact]
    public async Task Run_DeclaredOutputMissing_FailsNamingTheProduct()
    {
        var graph = fixture.Graph("""
            name: forgetful
            steps:
              lazy:
                run: "true"
                produces: { report: results/report.txt }
            """);

        var result = await fixture.RunAsync(graph);

        var step = Assert.Single(result.Steps);
        Assert.Equal(StepState.Failed, step.State);
        Assert.Contains("'report' at 'results/report.txt'", step.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TwoHundredSteps_AllSucceed()
    {
        var steps = Enumerable.Range(0, 200).Select(i => new StepDefinition
        {
            Name = $"s{i:D3}",
            Run = StepCommand.FromArgs("true"),
            Consumes = i < 10 ? [] : [$"p{(i - 10):D3}"],
            Produces = [new ProductOutput($"p{i:D3}", null)],
        }).ToList();

        var result = await fixture.RunAsync(new GraphDefinition { Name = "wide", Steps = steps }, new RunOptions { MaxParallel = 32 }, timeout: TimeSpan.FromMinutes(3));

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal(200, result.Steps.Count(s => s.State == StepState.Succeeded));
    }

    [Fact]
    public async Task Run_ShardedLattice_ProductsCrossShardsAndEachShardStoresItsResultsAndIsPurged()
    {
        // Layers of 3, each step consuming two products of the layer before, cut into shards of 4
        // steps: shards span layers and products cross them.
        string[] InputsOf(int i) => i < 3 ? [] : [$"p{i - 3:D2}", $"p{((i - 3 + 1) % 3) + ((i - 3) / 3 * 3):D2}"];
        var steps = Enumerable.Range(0, 12).Select(i => new StepDefinition
        {
            Name = $"s{i:D2}",
            Run = StepCommand.FromArgs("sh", "-c", i < 3 ? $"echo {i} > out" : $"cat {string.Join(' ', InputsOf(i))} > out"),
            Consumes = InputsOf(i),
            Produces = [new ProductOutput($"p{i:D2}", "out")],
        }).ToList();

        var result = await fixture.RunAsync(new GraphDefinition { Name = "sharded", Steps = steps }, new RunOptions { ShardSize = 4, MaxParallel = 8 }, timeout: TimeSpan.FromMinutes(3));

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal(steps.Select(s => s.Name), result.Steps.Select(s => s.Step));
        Assert.Equal("1\n2\n", await fixture.ReadTextAsync(result.Steps[4].Products.Single())); // s04 (shard 1) reads s01 and s02 (shard 0)
        Assert.Equal("1\n2\n2\n0\n", await fixture.ReadTextAsync(result.Steps[7].Products.Single()));
        // Each shard ran as its own orchestration, whose history the run purged once it had the shard's result.
        for (var shard = 0; shard < 3; shard++)
        {
            Assert.Null(await fixture.Host.Client.GetInstanceAsync(BazaarTasks.ShardInstanceId(result.RunId, shard)));
        }

        // The run's output carries states only; each shard stored its steps whole, which is what the result read above holds.
        var output = (await fixture.Host.Client.GetInstanceAsync(result.RunId, getInputsAndOutputs: true))!.ReadOutputAs<RunResult>()!;
        Assert.Equal(3, output.Shards);
        Assert.All(output.Steps, s => Assert.Equal((StepState.Succeeded, 0), (s.State, s.Products.Count)));
        var stored = await fixture.Records.GetShardResultAsync(result.RunId, 1, TestTimeout.Token());
        Assert.Equal(["s04", "s05", "s06", "s07"], stored!.Select(s => s.Step));
        Assert.All(result.Steps, s => Assert.Equal(["p" + s.Step[1..]], s.Products.Select(p => p.Name)));
    }

    [Fact]
    public async Task Run_HistoryOverFourMegabytes_Completes()
    {
        // The graph travels in the orchestration's input, and every work item carries the whole
        // history to the worker: past gRPC's default 4 MB message limit the run hung. Each step's own
        // request stays under the worker's 3.9 MB limit for one orchestrator action. (No-run steps: a
        // process could not take a 3 MB environment.)
        var big = new string('x', 3 * 1024 * 1024);
        var steps = Enumerable.Range(0, 2).Select(i => new StepDefinition
        {
            Name = $"s{i}",
            Consumes = i == 0 ? [] : ["p0"],
            Produces = [new ProductOutput($"p{i}", null)],
            Env = new Dictionary<string, string> { ["BIG"] = big },
        }).ToList();

        var result = await fixture.RunAsync(new GraphDefinition { Name = "big", Steps = steps }, new RunOptions { MaxParallel = 1 }, timeout: TimeSpan.FromMinutes(2));

        Assert.True(result.Succeeded, Describe(result));
    }

    [Fact]
    public async Task Run_ShardedWithAFailure_ConsumersInLaterShardsAreSkippedNamingTheFailedStep()
    {
        var graph = fixture.Graph("""
            name: sharded-failure
            steps:
              broken: { run: exit 3, produces: { p: p.txt } }
              fine: { run: echo ok > q.txt, produces: { q: q.txt } }
              needsP: { run: cat p > r.txt, consumes: [p], produces: { r: r.txt } }
              needsQ: { run: cat q > s.txt, consumes: [q], produces: { s: s.txt } }
            """);

        var result = await fixture.RunAsync(graph, new RunOptions { ShardSize = 2, FailurePolicy = FailurePolicy.Continue });

        Assert.Equal([StepState.Failed, StepState.Succeeded, StepState.Skipped, StepState.Succeeded], result.Steps.Select(s => s.State));
        Assert.Equal("not run: it consumes 'p', which step 'broken' did not produce because it failed", result.Steps[2].Error);
    }

    [Fact]
    public async Task Run_DirectoryProduct_ArrivesWholeInTheConsumersWorkspace()
    {
        var graph = fixture.Graph("""
            name: dirs
            steps:
              make:
                run: mkdir -p out/sub && printf a > out/a.txt && printf b > out/sub/b.txt
                produces: { tree: out }
              use:
                run: cat tree/a.txt tree/sub/b.txt > both.txt
                consumes: [tree]
                produces: { both: both.txt }
            """);

        var result = await fixture.RunAsync(graph);

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal(ProductKind.Directory, result.Steps[0].Products.Single().Kind);
        Assert.Equal("ab", await fixture.ReadTextAsync(result.Steps[1].Products.Single()));
    }

    [Fact]
    public async Task Run_InputProduct_IsMaterialisedForItsConsumer()
    {
        using var temp = new TempDirectory();
        temp.Write("src/main.c", "int main(){}");
        temp.Write("src/lib/util.c", "void util(){}");
        var graph = fixture.Graph("""
            name: inputs
            inputs: [source]
            steps:
              list:
                run: cd source && find . -type f | sort > ../files.txt
                consumes: [source]
                produces: { files: files.txt }
            """);

        var result = await fixture.RunAsync(graph, inputs: new Dictionary<string, string> { ["source"] = temp["src"] });

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal("./lib/util.c\n./main.c\n", await fixture.ReadTextAsync(result.Steps[0].Products.Single()));
    }

    [Fact]
    public async Task Run_StepLog_HoldsStdoutAndStderr()
    {
        var graph = fixture.Graph("""
            name: logs
            steps:
              talk:
                run: echo to-out; echo to-err >&2
            """);

        var result = await fixture.RunAsync(graph);

        var step = Assert.Single(result.Steps);
        await using var log = await fixture.Logs.OpenLogReadAsync(result.RunId, "talk", 1, 0, TestTimeout.Token());
        var text = await new StreamReader(log!).ReadToEndAsync();
        Assert.Contains("to-out", text, StringComparison.Ordinal);
        Assert.Contains("to-err", text, StringComparison.Ordinal);
        Assert.Equal(fixture.Logs.GetLogLocation(result.RunId, "talk", 1), step.Log);
        var record = await fixture.Records.GetStepRecordAsync(result.RunId, "talk", TestTimeout.Token());
        Assert.Equal(StepState.Succeeded, record!.State);
    }

    [Fact]
    public async Task Run_SilentStepWithSeveralOutputs_StoresEveryRefItsRecordAndAnEmptyLog()
    {
        // The activity writes the refs, the final record and the log's end side by side; all are
        // stored by the time the step's result reaches the orchestration.
        var graph = fixture.Graph("""
            name: several
            steps:
              make:
                run: printf 1 > one.txt; printf 22 > two.txt; mkdir three; printf 333 > three/x; printf 4444 > four.txt; printf 5 > five.txt
                produces: { one: one.txt, two: two.txt, three: three/, four: four.txt, five: five.txt }
              use:
                run: cat one two four five
                consumes: [one, two, three, four, five]
            """);

        var result = await fixture.RunAsync(graph);

        Assert.True(result.Succeeded, Describe(result));
        var ct = TestTimeout.Token();
        var make = result.Steps[0];
        Assert.Equal(["one", "two", "three", "four", "five"], make.Products.Select(p => p.Name));
        foreach (var product in make.Products)
        {
            Assert.Equal(product, await fixture.Refs.GetAsync(result.RunId, product.Name, ct));
        }

        var record = await fixture.Records.GetStepRecordAsync(result.RunId, "make", ct);
        Assert.Equal(StepState.Succeeded, record!.State);
        Assert.Equal(make.Products, record.Products);
        await using var log = await fixture.Logs.OpenLogReadAsync(result.RunId, "make", 1, 0, ct);
        Assert.Equal(string.Empty, await new StreamReader(log!).ReadToEndAsync(ct));
        await using var used = await fixture.Logs.OpenLogReadAsync(result.RunId, "use", 1, 0, ct);
        Assert.Equal("12244445", (await new StreamReader(used!).ReadToEndAsync(ct)).TrimEnd('\n'));
    }

    private static string Describe(RunResult result) =>
        string.Join("; ", result.Steps.Select(s => $"{s.Step}={s.State} {s.Error}"));
}
