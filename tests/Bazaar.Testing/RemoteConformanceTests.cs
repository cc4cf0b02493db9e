using System.Diagnostics;
using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Remotes;
using Xunit;

namespace Bazaar.Testing;

/// <summary>
/// The behaviour every remote shares, run against the real thing: each case through the remote itself,
/// and the product cases (inputs in, outputs out, a missing output, hostile product names and paths)
/// through a real durable host, as a run would. A remote's test project derives a class, implements
/// <see cref="CreateRemote"/>, <see cref="Remote"/> and <see cref="Host"/>, overrides the command hooks when
/// its remote cannot run the POSIX defaults (<c>printf</c>, <c>sh</c>, <c>sleep</c>, <c>seq</c>), and hides
/// <see cref="MissingBackend"/> with what its own backend lacks here. A remote whose log reaches Bazaar while
/// the step runs derives from <see cref="StreamingRemoteConformanceTests"/> instead, which adds that case.
/// </summary>
public abstract partial class RemoteConformanceTests
{
    /// <summary>
    /// Gets what this suite's backend lacks on this machine, or <see langword="null"/> when it can run:
    /// here, storage for the host. A derived class declares its own (<c>public static new string? MissingBackend</c>)
    /// with its remote's needs; <see cref="BackendFactAttribute"/> reads the most derived one.
    /// </summary>
    public static string? MissingBackend => TestRequirements.MissingAzurite;

    /// <summary>Gets the timeout the timeout test gives its step.</summary>
    protected virtual TimeSpan ShortTimeout => TimeSpan.FromSeconds(2);

    /// <summary>Gets how long a stopped step may take to end after its timeout or cancellation.</summary>
    protected virtual TimeSpan StopWithin => TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets a value indicating whether the step's output reaches its log while it runs. A payload remote
    /// (remote step protocol) gets the log's tail with the answer, so it cannot; the cancellation case then
    /// waits a second into the step instead of for its first line.
    /// </summary>
    protected virtual bool StreamsLog => false;

    /// <summary>Gets the remote, with its settings, that the suite's steps run on.</summary>
    protected abstract RemoteDefinition Remote { get; }

    /// <summary>Gets a durable host on real storage that has the remote under test installed, for the cases that run whole graphs.</summary>
    protected abstract LocalDurableHost Host { get; }

    /// <summary>Values that must reach the program exactly as written: no shell may see them.</summary>
    /// <returns>The values.</returns>
    public static TheoryData<string> HostileValues() =>
    [
        "a b",
        "$HOME",
        "${PATH}",
        "; rm -rf ./x",
        "'single'",
        "\"double\"",
        "`id`",
        "$(id)",
        "*",
        "a\\b",
        "--help",
        "-n",
        "über ✓",
        "&& exit 3 ||",
        "|",
        "",
    ];

    /// <summary>Creates the remote under test.</summary>
    /// <returns>The remote.</returns>
    protected abstract IRemote CreateRemote();

    /// <summary>A command that prints each value on its own line, as argv (no shell).</summary>
    /// <param name="values">The values.</param>
    /// <returns>The command.</returns>
    protected virtual StepCommand PrintEach(params string[] values) => StepCommand.FromArgs(["printf", "%s\\n", .. values]);

    /// <summary>A command that prints <paramref name="line"/> and then sleeps long.</summary>
    /// <param name="line">A plain word.</param>
    /// <returns>The command.</returns>
    protected virtual StepCommand PrintThenSleep(string line) => StepCommand.FromShell($"echo {line}; sleep 60");

    /// <summary>A command that prints <paramref name="line"/> and exits with <paramref name="exitCode"/>.</summary>
    /// <param name="line">A plain word.</param>
    /// <param name="exitCode">The exit code.</param>
    /// <returns>The command.</returns>
    protected virtual StepCommand PrintThenExit(string line, int exitCode) => StepCommand.FromShell($"echo {line}; exit {exitCode}");

    /// <summary>A command that prints the value of an environment variable.</summary>
    /// <param name="name">The variable.</param>
    /// <returns>The command.</returns>
    protected virtual StepCommand PrintVariable(string name) => StepCommand.FromShell($"printf '%s\\n' \"${name}\"");

    /// <summary>A command that prints the numbers 1 to <paramref name="count"/>, one a line.</summary>
    /// <param name="count">How many.</param>
    /// <returns>The command.</returns>
    protected virtual StepCommand PrintNumbers(int count) => StepCommand.FromArgs("seq", "1", count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A command that copies workspace file <paramref name="input"/> to <paramref name="output"/>.</summary>
    /// <param name="input">A relative path.</param>
    /// <param name="output">A relative path.</param>
    /// <returns>The command.</returns>
    protected virtual StepCommand Copy(string input, string output) => StepCommand.FromArgs("cp", input, output);

    /// <summary>A command that writes <paramref name="text"/> to workspace file <paramref name="path"/>.</summary>
    /// <param name="path">A relative path, used as written.</param>
    /// <param name="text">A plain word.</param>
    /// <returns>The command.</returns>
    protected virtual StepCommand Write(string path, string text) => StepCommand.FromArgs("sh", "-c", "printf '%s' \"$2\" > \"$1\"", "sh", path, text);

    /// <summary>Creates the context a step runs with.</summary>
    /// <param name="step">The step.</param>
    /// <param name="workspace">Its workspace.</param>
    /// <param name="log">Its log.</param>
    /// <returns>The context.</returns>
    protected virtual StepContext CreateContext(StepDefinition step, FakeStepWorkspace workspace, RecordingStepLog log) =>
        TestStepContext.Create(step with { Remote = this.Remote }, workspace, log);

    /// <summary>Runs a step and returns how it ended and its log.</summary>
    /// <param name="step">The step.</param>
    /// <param name="workspace">The workspace folder.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>The result and the log.</returns>
    protected async Task<(RemoteResult Result, RecordingStepLog Log)> RunAsync(StepDefinition step, TempDirectory workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var log = new RecordingStepLog();
        var result = await this.CreateRemote().ExecuteAsync(this.CreateContext(step, new FakeStepWorkspace(workspace.Path), log), cancellationToken);
        return (result, log);
    }

    [BackendFact]
    public async Task ExecuteAsync_ExitZero_ReturnsSuccessAndLogsOutput()
    {
        using var dir = new TempDirectory();
        var (result, log) = await this.RunAsync(new() { Name = "ok", Run = this.PrintEach("hello") }, dir, TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Contains("hello", log.Lines);
    }

    [BackendFact]
    public async Task ExecuteAsync_NoRun_ReturnsSuccess()
    {
        using var dir = new TempDirectory();
        var (result, _) = await this.RunAsync(new() { Name = "marker" }, dir, TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
    }

    [BackendFact]
    public async Task ExecuteAsync_NonZeroExit_ReturnsExitCodeAndMessageWithLogTail()
    {
        using var dir = new TempDirectory();
        var (result, _) = await this.RunAsync(new() { Name = "fails", Run = this.PrintThenExit("boom", 3) }, dir, TestTimeout.Token());

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Equal(FailureKind.StepFailed, result.Failure);
        Assert.NotNull(result.Message);
        Assert.Contains("'fails'", result.Message);
        Assert.Contains("3", result.Message);
        Assert.Contains("boom", result.Message);
    }

    [BackendFact]
    public async Task ExecuteAsync_TimeoutPasses_StopsStepAndReportsTimedOut()
    {
        using var dir = new TempDirectory();
        var step = new StepDefinition { Name = "slow", Run = this.PrintThenSleep("started"), Timeout = this.ShortTimeout };
        var clock = Stopwatch.StartNew();

        var (result, _) = await this.RunAsync(step, dir, TestTimeout.Token());

        Assert.True(clock.Elapsed < this.ShortTimeout + this.StopWithin, $"took {clock.Elapsed}");
        Assert.True(result.TimedOut);
        Assert.True(result.Retryable);
        Assert.Equal(FailureKind.TimedOut, result.Failure);
        Assert.Equal(124, result.ExitCode);
        Assert.Contains("timed out", result.Message, StringComparison.Ordinal);
        Assert.Contains("'slow'", result.Message, StringComparison.Ordinal);
    }

    [BackendFact]
    public async Task ExecuteAsync_Cancelled_StopsStepAndThrows()
    {
        using var dir = new TempDirectory();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout.Token());
        var log = new RecordingStepLog();
        var step = new StepDefinition { Name = "cancelled", Run = this.PrintThenSleep("started") };
        var running = this.CreateRemote().ExecuteAsync(this.CreateContext(step, new FakeStepWorkspace(dir.Path), log), cancel.Token);

        if (this.StreamsLog)
        {
            await log.WaitForLineAsync(line => line == "started", TestTimeout.Token());
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(1), TestTimeout.Token());
            Assert.False(running.IsCompleted, "the step ended before it was cancelled");
        }

        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(clock.Elapsed < this.StopWithin, $"took {clock.Elapsed}");
    }

    [BackendFact]
    public async Task ExecuteAsync_ManyLines_AllReachLogInOrder()
    {
        using var dir = new TempDirectory();
        const int count = 10_000;
        var (result, log) = await this.RunAsync(new() { Name = "chatty", Run = this.PrintNumbers(count) }, dir, TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        var expected = Enumerable.Range(1, count).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, log.Lines);
    }

    [BackendFact]
    public async Task ExecuteAsync_StepEnvironment_IsVisibleToStep()
    {
        using var dir = new TempDirectory();
        var step = new StepDefinition
        {
            Name = "env",
            Run = this.PrintVariable("CONFORMANCE_GREETING"),
            Env = new Dictionary<string, string> { ["CONFORMANCE_GREETING"] = "hello $USER; world" },
        };

        var (result, log) = await this.RunAsync(step, dir, TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["hello $USER; world"], log.Lines);
    }

    [BackendFact]
    public async Task ExecuteAsync_BazaarVariables_AreVisibleToStep()
    {
        using var dir = new TempDirectory();
        var (result, log) = await this.RunAsync(new() { Name = "who", Run = this.PrintVariable("BAZAAR_STEP") }, dir, TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["who"], log.Lines);
    }

    [BackendTheory]
    [MemberData(nameof(HostileValues))]
    public async Task ExecuteAsync_HostileArgumentValue_ReachesProgramLiterally(string value)
    {
        using var dir = new TempDirectory();
        var (result, log) = await this.RunAsync(new() { Name = "literal", Run = this.PrintEach(value, "end") }, dir, TestTimeout.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([value, "end"], log.Lines);
    }
}
