using Bazaar.Remotes;

namespace Bazaar.Remoting.Tests.Remotes;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData(500, "500ms")]
    [InlineData(2000, "2s")]
    [InlineData(1500, "1.5s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h")]
    public void Describe_Duration_WritesItAsGraphFilesDo(int milliseconds, string expected)
    {
        Assert.Equal(expected, ExitCodes.Describe(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData(1, "")]
    [InlineData(128, "")]
    [InlineData(137, " (killed by signal 9, SIGKILL; often the out-of-memory killer, or someone stopping it)")]
    [InlineData(143, " (killed by signal 15, SIGTERM)")]
    [InlineData(170, " (killed by signal 42)")]
    public void DescribeSignal_ExitCode_NamesSignalAbove128(int exitCode, string expected)
    {
        Assert.Equal(expected, ExitCodes.DescribeSignal(exitCode));
    }
}
