using Bazaar.Graphs;

namespace Bazaar.Graphs.Tests.Graphs;

public class RetryPolicyTests
{
    [Theory]
    [InlineData(RetryOn.Retryable, FailureKind.StepFailed, false)]
    [InlineData(RetryOn.Retryable, FailureKind.Misconfigured, false)]
    [InlineData(RetryOn.Retryable, FailureKind.Infrastructure, true)]
    [InlineData(RetryOn.Retryable, FailureKind.TimedOut, true)]
    [InlineData(RetryOn.Any, FailureKind.StepFailed, true)]
    [InlineData(RetryOn.Any, FailureKind.Misconfigured, false)]
    [InlineData(RetryOn.Any, FailureKind.Infrastructure, true)]
    [InlineData(RetryOn.Any, FailureKind.TimedOut, true)]
    public void Retries_EachKindUnderEachSetting_NeverAMisconfiguration(RetryOn on, FailureKind kind, bool expected) =>
        Assert.Equal(expected, new RetryPolicy(3, TimeSpan.Zero, on).Retries(kind));
}
