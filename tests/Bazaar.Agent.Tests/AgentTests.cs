using Bazaar.Graphs;
using Bazaar.Testing;
using Xunit.Abstractions;

namespace Bazaar.Agent.Tests;

/// <summary>
/// The conformance cases that apply to the agent on its own (inputs in, outputs out, exit code, timeout,
/// cancellation by signal, hostile names and archives), with the published agent as a process, inputs and
/// outputs through SAS URLs on Azurite minted by Bazaar's own store.
/// </summary>
[Collection(AgentCollection.Name)]
public sealed class AgentTests(AgentFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private string[] Agent => [fixture.Agent, "--grace", "1"];

    [AgentFact]
    public async Task Run_FileDirectoryAndMarkerInputs_ArriveAtTheirNamesAndOutputsAreUploaded()
    {
        using var temp = new TempDirectory();
        temp.Write("greeting.txt", "hello");
        temp.Write("tree/sub/deep.txt", "deep");
        File.CreateSymbolicLink(temp["tree/link"], "sub/deep.txt");
        var steps = new AgentSteps(fixture);
        await steps.AddInputAsync("greeting", temp["greeting.txt"]);
        await steps.AddInputAsync("tree", temp["tree"]);
        await steps.AddInputAsync("mark", null);
        ProductOutput[] produces = [new("report", "out/report.txt"), new("bundle", "bundle/")];
        var request = await steps.RequestAsync(
            """
            set -e
            test "$(cat greeting)" = hello && test "$(cat tree/sub/deep.txt)" = deep && test "$(cat tree/link)" = deep
            test -f mark && test ! -s mark
            test "$BAZAAR_WORKSPACE" = "$(pwd)" && test "$BAZAAR_STEP" = step && test -z "$BAZAAR_AGENT_REQUEST"
            mkdir -p out bundle/inner
            tr a-z A-Z < greeting > out/report.txt
            echo one > bundle/inner/one.txt
            echo "inputs checked in $(pwd)"
            """,
            Minute,
            produces);

        var result = await AgentProcess.RunAsync(this.Agent, request);

        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, result.Response.ExitCode);
        Assert.Contains("inputs checked in", result.Response.LogTail, StringComparison.Ordinal);
        var report = await steps.CollectAsync(produces[0], temp["collected"]);
        Assert.Equal("HELLO", File.ReadAllText(report!).Trim());
        var bundle = await steps.CollectAsync(produces[1], temp["collected"]);
        Assert.Equal("one", File.ReadAllText(Path.Combine(bundle!, "inner", "one.txt")).Trim());
        AgentProcess.AssertNoSecrets(result, request);
    }

    [AgentFact]
    public async Task Run_NonZeroExit_ReportsItsCodeAndTailAndUploadsNothing()
    {
        using var temp = new TempDirectory();
        var steps = new AgentSteps(fixture);
        ProductOutput[] produces = [new("made", "made.txt")];
        var request = await steps.RequestAsync("echo made > made.txt; echo 'it went wrong' >&2; exit 7", Minute, produces);

        var result = await AgentProcess.RunAsync(this.Agent, request);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal(7, result.Response.ExitCode);
        Assert.False(result.Response.TimedOut);
        Assert.Equal("it went wrong\n", result.Response.LogTail);
        Assert.Contains("it went wrong", result.Stdout, StringComparison.Ordinal); // the container's log
        Assert.Null(await steps.CollectAsync(produces[0], temp.Path));
    }

    [AgentFact]
    public async Task Run_DeclaredOutputNotMade_IsNotUploadedAndTheStepStillSucceeds()
    {
        using var temp = new TempDirectory();
        var steps = new AgentSteps(fixture);
        ProductOutput[] produces = [new("ghost", "ghost.txt")];
        var request = await steps.RequestAsync("true", Minute, produces);

        var result = await AgentProcess.RunAsync(this.Agent, request);

        Assert.Equal(0, result.Response.ExitCode);
        Assert.Contains("output 'ghost' is not at 'ghost.txt'; not uploaded", result.Stderr, StringComparison.Ordinal);
        Assert.Null(await steps.CollectAsync(produces[0], temp.Path));
    }

    [AgentTheory]
    [MemberData(nameof(RemoteConformanceTests.HostileValues), MemberType = typeof(RemoteConformanceTests))]
    public async Task Run_ArgvWithHostileValue_ReachesTheProgramLiterally(string value)
    {
        var request = await new AgentSteps(fixture).RequestAsync(new[] { "printf", "%s|", value }, Minute);

        var result = await AgentProcess.RunAsync(this.Agent, request);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(value + "|\n", result.Response.LogTail);
    }

    [AgentFact]
    public async Task Run_ProgramThatDoesNotExist_Exits127SayingSo()
    {
        var request = await new AgentSteps(fixture).RequestAsync(new[] { "no-such-program-here" }, Minute);

        var result = await AgentProcess.RunAsync(this.Agent, request);

        Assert.Equal(127, result.Response.ExitCode);
        Assert.Contains("could not start 'no-such-program-here'", result.Response.Message, StringComparison.Ordinal);
    }

    [AgentFact]
    public async Task Run_PastItsDeadline_IsStoppedAndReportedTimedOut()
    {
        // The shell ignores SIGTERM, so only the SIGKILL after the grace period ends it.
        var request = await new AgentSteps(fixture).RequestAsync("trap '' TERM; echo started; while :; do sleep 0.1; done", TimeSpan.FromSeconds(2));

        var result = await AgentProcess.RunAsync(this.Agent, request);

        Assert.Equal(124, result.ExitCode);
        Assert.True(result.Response.TimedOut, result.ToString());
        Assert.Equal(124, result.Response.ExitCode);
        Assert.Contains("started", result.Response.LogTail, StringComparison.Ordinal);
        Assert.Contains("SIGKILL", result.Stderr, StringComparison.Ordinal);
        Assert.InRange(result.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(8));
    }

    [AgentFact]
    public async Task Run_InputDigestDoesNotMatch_RefusedAndTheCommandDoesNotRun()
    {
        using var temp = new TempDirectory();
        temp.Write("real.txt", "real");
        temp.Write("other.txt", "other");
        var steps = new AgentSteps(fixture);
        await steps.AddInputAsync("data", temp["real.txt"]);
        var other = await fixture.StageAsync(steps.RunId, "other", temp["other.txt"]);
        var request = await steps.RequestAsync("echo ran", Minute);
        var data = request.Inputs["data"];
        request = request with { Inputs = new Dictionary<string, Remotes.RemoteStepInput> { ["data"] = data with { Digest = other.Digest } } };

        var result = await AgentProcess.RunAsync(this.Agent, request);

        Assert.Equal(125, result.ExitCode);
        Assert.Equal(125, result.Response.ExitCode);
        Assert.Contains($"input 'data': the downloaded content has digest", result.Response.Message, StringComparison.Ordinal);
        Assert.Contains($"{steps.Inputs["data"].Digest}, not {other.Digest}", result.Response.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ran", result.Stdout.Split('\n')[0], StringComparison.Ordinal);
        Assert.Null(result.Response.LogTail);
        AgentProcess.AssertNoSecrets(result, request);
    }

    [AgentFact]
    public async Task Run_InputUrlWithABadSignature_FailsNamingTheInputWithoutPrintingTheSignature()
    {
        using var temp = new TempDirectory();
        temp.Write("data.txt", "data");
        var steps = new AgentSteps(fixture);
        await steps.AddInputAsync("data", temp["data.txt"]);
        var request = await steps.RequestAsync("echo ran", Minute);
        var input = request.Inputs["data"];
        var forged = new Uri(input.Url.ToString().Replace("sig=", "sig=AAAA", StringComparison.Ordinal));
        request = request with { Inputs = new Dictionary<string, Remotes.RemoteStepInput> { ["data"] = input with { Url = forged } } };

        var result = await AgentProcess.RunAsync(this.Agent, request);

        Assert.Equal(125, result.Response.ExitCode);
        Assert.Contains("input 'data': storage at http://127.0.0.1", result.Response.Message, StringComparison.Ordinal);
        Assert.Contains("answered 403", result.Response.Message, StringComparison.Ordinal);
        AgentProcess.AssertNoSecrets(result, request);
    }

    [AgentTheory]
    [InlineData("absolute", "has an absolute path")]
    [InlineData("dotdot", "has a '..' segment")]
    [InlineData("link-out", "is a symbolic link to '../../outside', outside the product")]
    [InlineData("through-link", "would be written through the symbolic link 'up'")]
    [InlineData("device", "is a CharacterDevice entry")]
    public async Task Run_DirectoryInputWithHostileEntry_RefusedAndNothingWrittenOutside(string attack, string reason)
    {
        using var temp = new TempDirectory();
        var escape = Path.Combine(Path.GetTempPath(), "bazaar-agent-escape-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(temp["hostile.tar"], HostileTars.Build(attack, escape));
        var steps = new AgentSteps(fixture);
        await steps.AddInputAsync("tree", temp["hostile.tar"]);
        steps.Inputs["tree"] = steps.Inputs["tree"] with { Kind = ProductKind.Directory };
        var request = await steps.RequestAsync("echo ran", Minute);

        var result = await AgentProcess.RunAsync(this.Agent, request);

        Assert.Equal(125, result.Response.ExitCode);
        Assert.Contains("Refused to extract product 'tree'", result.Response.Message, StringComparison.Ordinal);
        Assert.Contains(reason, result.Response.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(escape) || Directory.Exists(escape), $"{attack} wrote {escape}");
    }

    [AgentTheory]
    [InlineData("../outside.txt", "leaves the working folder")]
    [InlineData("a/../../outside.txt", "leaves the working folder")]
    [InlineData("/etc/hostname", "leaves the working folder")]
    [InlineData("etc-link/hostname", "lies under etc-link, a symbolic link to /etc")]
    [InlineData("host-file", "is a symbolic link to /etc/hostname")]
    [InlineData("pipe", "is a FIFO (named pipe)")]
    public async Task Run_OutputPathThatEscapesOrIsNotAFile_RefusedAndNotUploaded(string path, string reason)
    {
        using var temp = new TempDirectory();
        var steps = new AgentSteps(fixture);
        ProductOutput[] produces = [new("loot", path)];
        var request = await steps.RequestAsync("ln -s /etc etc-link; ln -s /etc/hostname host-file; mkfifo pipe; mkdir a", Minute, produces);

        var result = await AgentProcess.RunAsync(this.Agent, request);

        Assert.Equal(125, result.Response.ExitCode);
        Assert.Contains("output 'loot'", result.Response.Message, StringComparison.Ordinal);
        Assert.Contains(reason, result.Response.Message, StringComparison.Ordinal);
        Assert.Null(await steps.CollectAsync(produces[0], temp.Path));
    }

    [AgentFact]
    public async Task Run_AgentSentSigterm_PassesItToTheStepAndStillReports()
    {
        var request = await new AgentSteps(fixture).RequestAsync(
            "trap 'echo got TERM; exit 42' TERM; echo ready; while :; do sleep 0.1; done", Minute);

        var result = await AgentProcess.RunAsync(this.Agent, request, (line, process) =>
        {
            if (line == "ready")
            {
                AgentProcess.Signal(process.Id, "TERM");
            }
        });

        Assert.Equal(42, result.ExitCode);
        Assert.Equal(42, result.Response.ExitCode);
        Assert.False(result.Response.TimedOut);
        Assert.Contains("got TERM", result.Response.LogTail, StringComparison.Ordinal);
        Assert.Contains("the agent received SIGTERM", result.Response.Message, StringComparison.Ordinal);
    }

    [AgentFact]
    public async Task Run_ResponseFile_HoldsTheResponse()
    {
        using var temp = new TempDirectory();
        var request = await new AgentSteps(fixture).RequestAsync("echo hi", Minute);

        var result = await AgentProcess.RunAsync([.. this.Agent, "--response", temp["response.json"]], request);

        var response = Remotes.RemoteStepProtocol.ParseResponse(File.ReadAllBytes(temp["response.json"]), "agent");
        Assert.Equal((0, "hi\n"), (response.ExitCode, response.LogTail));
        Assert.Equal(0, result.ExitCode);
    }

    [AgentFact]
    public async Task Run_RequestThatIsNotJson_Answers125WithoutEchoingIt()
    {
        using var temp = new TempDirectory();
        var secret = "sig=" + Guid.NewGuid().ToString("N");
        temp.Write("request.json", "{ \"runId\": \"r\", \"inputs\": { \"x\": { \"url\": \"http://h/b?" + secret + "\" ");

        var result = await AgentProcess.RunAsync([fixture.Agent, "--request", temp["request.json"]], await new AgentSteps(fixture).RequestAsync("true", Minute));

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("the request is not a remote step protocol request", result.Response.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [AgentFact]
    public async Task Run_RequestOfANewerVersion_RefusedSayingWhichVersions()
    {
        var request = await new AgentSteps(fixture).RequestAsync("echo ran", Minute) with { Version = 2 };

        var result = await AgentProcess.RunAsync(this.Agent, request);

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("version 2 of the remote step protocol; this agent speaks version 1", result.Response.Message, StringComparison.Ordinal);
    }

    [AgentFact]
    public async Task Run_RequestFileMissing_ExitsWithUsage()
    {
        var result = await AgentProcess.RunAsync([fixture.Agent, "--request", "/nonexistent/request.json"], await new AgentSteps(fixture).RequestAsync("true", Minute));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot read the request", result.Stderr, StringComparison.Ordinal);
    }
}
