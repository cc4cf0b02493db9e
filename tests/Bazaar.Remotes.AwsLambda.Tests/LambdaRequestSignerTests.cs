using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Bazaar.Remotes.Aws;
using Bazaar.Testing;

namespace Bazaar.Remotes.AwsLambda.Tests;

/// <summary>The signer against the example values AWS publishes for Signature Version 4.</summary>
public sealed class LambdaRequestSignerTests
{
    [Fact]
    public async Task SignAsync_AwsPublishedGetObjectExample_GivesThePublishedAuthorizationHeader()
    {
        // "Example: GET Object" in the Amazon S3 API reference, "Signature Calculations for the
        // Authorization Header: Transferring Payload in a Single Chunk" — it signs x-amz-content-sha256,
        // as AWSSDK.Core's signer always does, so it checks the whole path the remote signs through.
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://examplebucket.s3.amazonaws.com/test.txt");
        request.Headers.TryAddWithoutValidation("Range", "bytes=0-9");
        var credentials = new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

        await AwsRequestSigner.SignAsync(request, [], credentials, "us-east-1", "s3", new DateTime(2013, 5, 24, 0, 0, 0, DateTimeKind.Utc), TestTimeout.Token());

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request," +
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date," +
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
            string.Join(',', request.Headers.GetValues("Authorization")).Replace(", ", ",", StringComparison.Ordinal));
        Assert.Equal("20130524T000000Z", Assert.Single(request.Headers.GetValues("X-Amz-Date")));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Assert.Single(request.Headers.GetValues("X-Amz-Content-SHA256")));
    }

    [Fact]
    public void ComputeSignature_AwsTestSuiteGetVanilla_GivesThePublishedSignature()
    {
        // The "get-vanilla" case of AWS's Signature Version 4 test suite: its canonical request, and
        // the signature and Authorization header the suite publishes for it.
        const string canonicalRequest = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" +
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        var result = AWS4Signer.ComputeSignature(
            "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc), "service", "host;x-amz-date", canonicalRequest);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            result.ForAuthorizationHeader);
    }

    [Fact]
    public async Task SignAsync_LambdaInvoke_SignsTheInvocationHeadersForLambdaInTheRegion()
    {
        var body = "{}"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/f/invocations")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("X-Amz-Invocation-Type", "RequestResponse");
        var credentials = new SessionAWSCredentials("AKIDEXAMPLE", "secret", "session-token");

        await AwsRequestSigner.SignAsync(request, body, credentials, "eu-west-1", LambdaTarget.SigningService, null, TestTimeout.Token());

        var authorization = string.Join(',', request.Headers.GetValues("Authorization"));
        Assert.Contains("/eu-west-1/lambda/aws4_request", authorization, StringComparison.Ordinal);
        Assert.Contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-invocation-type;x-amz-security-token", authorization, StringComparison.Ordinal);
        Assert.Equal("session-token", Assert.Single(request.Headers.GetValues("X-Amz-Security-Token")));
    }
}
