using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Bazaar.Remotes.Aws;

/// <summary>
/// Signs an HTTP request with SigV4 through AWSSDK.Core's supported facade
/// (<see cref="AWSSigV4Signer"/>): every header already on the request is signed, and the signer's
/// headers (<c>Authorization</c>, <c>X-Amz-Date</c>, <c>X-Amz-Content-SHA256</c>, the session token) are added.
/// Shared, as source, by the AWS remotes (Lambda, ECS, Batch): each remote references only the remote contract.
/// </summary>
internal static class AwsRequestSigner
{
    /// <summary>Signs <paramref name="request"/>, whose body is <paramref name="body"/>.</summary>
    /// <param name="request">The request, with every header to be signed already set; its content must be <paramref name="body"/>.</param>
    /// <param name="body">The body, or empty.</param>
    /// <param name="credentials">The credentials.</param>
    /// <param name="region">The region, such as <c>us-east-1</c>.</param>
    /// <param name="service">The service to sign for: <c>lambda</c>, <c>ecs</c>, <c>batch</c>.</param>
    /// <param name="signedAt">The signing time; <see langword="null"/> for now (tests pass fixed times).</param>
    /// <param name="cancellationToken">Cancels resolving the credentials.</param>
    /// <returns>A task that completes when the request carries its signature.</returns>
    public static async Task SignAsync(
        HttpRequestMessage request, byte[] body, AWSCredentials credentials, string region, string service, DateTime? signedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri, Content = body };
        var headers = request.Content is null ? request.Headers : request.Headers.Concat(request.Content.Headers);
        foreach (var (name, values) in headers)
        {
            signing.Headers[name] = string.Join(',', values);
        }

        var parameters = new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = RegionEndpoint.GetBySystemName(region),
            Service = service,
            SignPayload = true,
            SignedAt = signedAt,
        };
        var result = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in result.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
