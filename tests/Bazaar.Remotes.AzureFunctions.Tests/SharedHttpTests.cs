using System.Text;
using Bazaar.Remotes.Http;

namespace Bazaar.Remotes.AzureFunctions.Tests;

public class SharedHttpTests
{
    [Theory]
    [InlineData("https://app.example/runtime/webhooks/durabletask/instances/1?taskHub=h&connection=Storage&code=SECRET", "https://app.example/runtime/webhooks/durabletask/instances/1?taskHub=h&connection=Storage")]
    [InlineData("https://u:p@app.example/api/s/1?sig=SECRET&x=1", "https://app.example/api/s/1?x=1")]
    [InlineData("https://app.example/api/s/1?functionKey=SECRET&access_token=S", "https://app.example/api/s/1")]
    [InlineData("https://app.example/api/s/1", "https://app.example/api/s/1")]
    public void Strip_UrlWithSecrets_KeepsEverythingElse(string url, string expected)
    {
        var stripped = SecretUrls.Strip(new Uri(url));

        Assert.Equal(expected, stripped.AbsoluteUri);
        Assert.False(SecretUrls.HasSecrets(stripped));
    }

    [Fact]
    public void Quote_LongBodyWithSecrets_FirstBytesEscapedAndMasked()
    {
        var body = Encoding.UTF8.GetBytes("oops\n https://a.example/x?sig=SECRET Bearer eyJabc.def " + new string('x', 500));

        var quote = HttpBodies.Quote(body);

        Assert.StartsWith("\"oops\\n https://a.example/x?… Bearer … xxx", quote, StringComparison.Ordinal);
        Assert.EndsWith($"…\" ({body.Length} bytes)", quote, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", quote, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", quote, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, true)]
    [InlineData(503, true)]
    [InlineData(408, true)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    public void IsRetryable_Status_OnlyThrottlingTimeoutsAndServerErrors(int status, bool retryable) =>
        Assert.Equal(retryable, HttpRetries.IsRetryable((System.Net.HttpStatusCode)status));
}
