using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.Process.Tests;

public sealed class ProcessRemoteTests
{
    [Fact]
    public void Type_IsProcess()
    {
        using var harness = new ProcessStepHarness();

        Assert.Equal("process", harness.CreateRemote().Type);
    }

    [Fact]
    public async Task ExecuteAsync_NoRun_ReturnsSuccessWithoutPreparingWorkspace()
    {
        using var harness = new ProcessStepHarness();

        var result = await harness.RunAsync(null, TestTimeout.Token());

        Assert.Same(RemoteResult.Success, result);
        Assert.Equal(0, harness.Workspace.PrepareCount);
        Assert.Empty(harness.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_ArgvWithShellCharacters_ReachesProgramLiterally()
    {
        using var harness = new ProcessStepHarness();

        var result = await harness.RunAsync(StepCommand.FromArgs("printf", "%s\\n", "a b;$HOME"), TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["a b;$HOME"], harness.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_ShellStringWithPipes_RunsThroughShell()
    {
        using var harness = new ProcessStepHarness();

        var result = await harness.RunAsync(StepCommand.FromShell("printf 'b\\na\\n' | sort | tr a-z A-Z"), TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["A", "B"], harness.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_StepAndBazaarVariables_AreVisible()
    {
        using var harness = new ProcessStepHarness();
        var env = new Dictionary<string, string> { ["GREETING"] = "hello world" };

        var result = await harness.RunAsync(StepCommand.FromShell("echo \"$GREETING\"; echo \"$BAZAAR_STEP\"; echo \"$BAZAAR_RUN_ID\""), TestTimeout.Token(), env: env);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["hello world", "x", TestStepContext.RunId], harness.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_InheritEnvironmentDefault_SeesHostVariables()
    {
        using var harness = new ProcessStepHarness();
        var path = Environment.GetEnvironmentVariable("PATH");

        await harness.RunAsync(StepCommand.FromShell("echo \"$PATH\""), TestTimeout.Token());

        Assert.Equal([path!], harness.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_InheritEnvironmentFalse_SeesOnlyContextVariables()
    {
        using var harness = new ProcessStepHarness();
        harness.Options.InheritEnvironment = false;
        var env = new Dictionary<string, string> { ["ONLY_THIS"] = "1" };

        var result = await harness.RunAsync(StepCommand.FromArgs("env"), TestTimeout.Token(), env: env);

        Assert.Equal(0, result.ExitCode);
        var names = harness.Log.Lines.Select(line => line[..line.IndexOf('=', StringComparison.Ordinal)]).Order().ToArray();
        Assert.Equal(["BAZAAR_ATTEMPT", "BAZAAR_PROCESS_TREE", "BAZAAR_RUN_ID", "BAZAAR_STEP", "ONLY_THIS"], names);
    }

    [Fact]
    public async Task ExecuteAsync_StepWritesFile_FileIsInWorkspace()
    {
        using var harness = new ProcessStepHarness();

        var result = await harness.RunAsync(StepCommand.FromShell("pwd; echo made > out.txt"), TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([harness.Workspace.Path], harness.Log.Lines);
        Assert.Equal("made\n", await File.ReadAllTextAsync(harness.Directory["out.txt"], TestTimeout.Token()));
        Assert.Equal(1, harness.Workspace.PrepareCount);
    }

    [Fact]
    public async Task ExecuteAsync_InputInWorkspace_IsReadable()
    {
        using var harness = new ProcessStepHarness();
        harness.Directory.Write("inputs/data.txt", "one\ntwo\n");

        var result = await harness.RunAsync(StepCommand.FromArgs("cat", "inputs/data.txt"), TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["one", "two"], harness.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_StdoutAndStderr_BothLoggedInOrderPerStream()
    {
        using var harness = new ProcessStepHarness();
        var script = "for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; done";

        var result = await harness.RunAsync(StepCommand.FromShell(script), TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        var lines = harness.Log.Lines;
        Assert.Equal(10, lines.Count);
        Assert.Equal(["out1", "out2", "out3", "out4", "out5"], lines.Where(l => l.StartsWith("out", StringComparison.Ordinal)));
        Assert.Equal(["err1", "err2", "err3", "err4", "err5"], lines.Where(l => l.StartsWith("err", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ExecuteAsync_ProgramReadsStdin_GetsEndOfInputAtOnce()
    {
        using var harness = new ProcessStepHarness();

        var result = await harness.RunAsync(StepCommand.FromShell("cat; echo after"), TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["after"], harness.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_NonZeroExit_ReturnsCodeAndMessageWithTail()
    {
        using var harness = new ProcessStepHarness();

        var result = await harness.RunAsync(StepCommand.FromShell("echo compiling; echo 'error: missing ;' >&2; exit 2"), TestTimeout.Token());

        Assert.Equal(2, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.False(result.Retryable);
        Assert.StartsWith("step 'x' exited with code 2", result.Message, StringComparison.Ordinal);
        Assert.Contains("compiling", result.Message, StringComparison.Ordinal);
        Assert.Contains("error: missing ;", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_KilledBySignal_MessageNamesSignal()
    {
        using var harness = new ProcessStepHarness();

        var result = await harness.RunAsync(StepCommand.FromShell("kill -9 $$"), TestTimeout.Token());

        Assert.Equal(137, result.ExitCode);
        Assert.Contains("signal 9, SIGKILL", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_MissingProgram_Returns127NamingProgram()
    {
        using var harness = new ProcessStepHarness();

        var result = await harness.RunAsync(StepCommand.FromArgs("bazaar-no-such-program", "arg"), TestTimeout.Token());

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("'bazaar-no-such-program'", result.Message, StringComparison.Ordinal);
        Assert.Contains("PATH", result.Message, StringComparison.Ordinal);
        Assert.Contains("install it", result.Message, StringComparison.Ordinal);
        Assert.Contains(harness.Log.Lines, line => line.Contains("bazaar-no-such-program", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_MissingShell_Returns127NamingShell()
    {
        using var harness = new ProcessStepHarness();
        harness.Options.Shell = "/no/such/sh";

        var result = await harness.RunAsync(StepCommand.FromShell("true"), TestTimeout.Token());

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("/no/such/sh", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_EmptyArgv_Returns127()
    {
        using var harness = new ProcessStepHarness();

        var result = await harness.RunAsync(StepCommand.FromArgs(), TestTimeout.Token());

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("empty", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ExecuteAsync_RelativeProgramInWorkspace_RunsFromWorkspace()
    {
        using var harness = new ProcessStepHarness();
        var script = harness.Directory.Write("tools/hello.sh", "#!/bin/sh\necho \"hello $1\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await harness.RunAsync(StepCommand.FromArgs("./tools/hello.sh", "there"), TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["hello there"], harness.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_ProgramNotExecutable_Returns126WithAdvice()
    {
        using var harness = new ProcessStepHarness();
        harness.Directory.Write("plain.sh", "echo hi\n");

        var result = await harness.RunAsync(StepCommand.FromArgs("./plain.sh"), TestTimeout.Token());

        Assert.Equal(126, result.ExitCode);
        Assert.Contains("not executable", result.Message, StringComparison.Ordinal);
        Assert.Contains("chmod +x", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_HundredThousandLines_AllStreamThrough()
    {
        using var harness = new ProcessStepHarness();

        var result = await harness.RunAsync(StepCommand.FromArgs("seq", "1", "100000"), TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        var lines = harness.Log.Lines;
        Assert.Equal(100_000, lines.Count);
        Assert.Equal("1", lines[0]);
        Assert.Equal("100000", lines[^1]);
    }

    [Fact]
    public async Task ExecuteAsync_LineLongerThanMaximum_IsSplit()
    {
        using var harness = new ProcessStepHarness();
        harness.Options.MaxLineLength = 1000;

        var result = await harness.RunAsync(StepCommand.FromShell("head -c 2500 /dev/zero | tr '\\0' a; echo; echo next"), TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([1000, 1000, 500, 4], harness.Log.Lines.Select(l => l.Length));
    }

    [Fact]
    public async Task ExecuteAsync_CrLfAndNoFinalNewline_LinesAreClean()
    {
        using var harness = new ProcessStepHarness();

        await harness.RunAsync(StepCommand.FromArgs("printf", "a\\r\\nb"), TestTimeout.Token());

        Assert.Equal(["a", "b"], harness.Log.Lines);
    }

    [Fact]
    public async Task ExecuteAsync_AlreadyCancelled_ThrowsWithoutPreparing()
    {
        using var harness = new ProcessStepHarness();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.RunAsync(StepCommand.FromArgs("true"), new CancellationToken(canceled: true)));
        Assert.Equal(0, harness.Workspace.PrepareCount);
    }
}
