using System.Text;
using Bazaar.Graphs;

namespace Bazaar.Remotes.AzureFunctions.Tests;

/// <summary>What counts as the protocol's response in a function's answer, a Durable Functions status included.</summary>
public class ParseAnswerTests
{
    [Fact]
    public void ParseAnswer_ProtocolResponse_Read()
    {
        var response = AzureFunctionsRemote.ParseAnswer(Bytes("""{ "exitCode": 3, "message": "m", "logTail": "a\n" }"""), "f");

        Assert.Equal((3, "m", "a\n"), (response.ExitCode, response.Message, response.LogTail));
    }

    [Theory]
    [InlineData("""{ "runtimeStatus": "Completed", "output": { "exitCode": 0, "logTail": "ok" } }""")]
    [InlineData("""{ "runtimeStatus": "Completed", "output": "{\"exitCode\":0,\"logTail\":\"ok\"}" }""")]
    public void ParseAnswer_DurableStatusCompleted_ItsOutputIsTheResponse(string body)
    {
        var response = AzureFunctionsRemote.ParseAnswer(Bytes(body), "f");

        Assert.Equal((0, "ok"), (response.ExitCode, response.LogTail));
    }

    [Fact]
    public void ParseAnswer_DurableStatusFailed_TheStepFailsWithItsOutput()
    {
        var ex = Assert.Throws<AzureFunctionsRemoteException>(() => AzureFunctionsRemote.ParseAnswer(Bytes("""{ "runtimeStatus": "Failed", "output": "boom" }"""), "f"));

        Assert.Equal(FailureKind.StepFailed, ex.Kind);
        Assert.Contains("Failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("boom", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "exitcode": "0" }""")]
    [InlineData("[1,2]")]
    [InlineData("<html>")]
    [InlineData("")]
    public void ParseAnswer_NotAResponse_MisconfiguredQuotingTheBody(string body)
    {
        var ex = Assert.Throws<AzureFunctionsRemoteException>(() => AzureFunctionsRemote.ParseAnswer(Bytes(body), "f"));

        Assert.Equal(FailureKind.Misconfigured, ex.Kind);
        Assert.Contains("not a remote step protocol response", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
