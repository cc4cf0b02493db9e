using Bazaar.Graphs;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bazaar.Remoting.Tests.Remotes;

/// <summary>What a remote reads of the attempt's deadline: its own timer and the protocol's <c>deadline</c>.</summary>
public sealed class StepContextDeadlineTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void CreateDeadline_DeadlineSet_FiresAtTheDeadlineNotATimeoutFromNow()
    {
        var context = Context(TimeSpan.FromSeconds(60)) with { Deadline = this.clock.GetUtcNow() + TimeSpan.FromSeconds(20) };
        using var deadline = context.CreateDeadline(this.clock);

        this.clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False(deadline.IsCancellationRequested);
        this.clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(deadline.IsCancellationRequested);
    }

    [Fact]
    public void CreateDeadline_DeadlinePassed_FiresAtOnce()
    {
        var context = Context(TimeSpan.FromSeconds(60)) with { Deadline = this.clock.GetUtcNow() - TimeSpan.FromSeconds(1) };
        using var deadline = context.CreateDeadline(this.clock);

        this.clock.Advance(TimeSpan.Zero);
        Assert.True(deadline.IsCancellationRequested);
    }

    [Fact]
    public void CreateDeadline_NoDeadlineSet_CountsTheTimeoutFromNow()
    {
        using var deadline = Context(TimeSpan.FromSeconds(60)).CreateDeadline(this.clock);

        this.clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(deadline.IsCancellationRequested);
        this.clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(deadline.IsCancellationRequested);
    }

    [Fact]
    public void ProtocolDeadline_DeadlineSet_IsTheAttemptsDeadlineCappedByThePlatformsLimit()
    {
        var now = this.clock.GetUtcNow();
        var context = Context(TimeSpan.FromMinutes(30)) with { Deadline = now + TimeSpan.FromMinutes(20) };

        Assert.Equal(now + TimeSpan.FromMinutes(20), RemoteStepProtocol.Deadline(context, this.clock, TimeSpan.FromMinutes(60)));
        Assert.Equal(now + TimeSpan.FromMinutes(15), RemoteStepProtocol.Deadline(context, this.clock, TimeSpan.FromMinutes(15)));
        Assert.Equal(now + TimeSpan.FromMinutes(15), RemoteStepProtocol.Deadline(Context(null), this.clock, TimeSpan.FromMinutes(15)));
    }

    private static StepContext Context(TimeSpan? timeout) => TestStepContext.Create(
        new StepDefinition { Name = "s", Run = StepCommand.FromShell("true"), Timeout = timeout }, new FakeStepWorkspace("/nonexistent"), new RecordingStepLog());
}
