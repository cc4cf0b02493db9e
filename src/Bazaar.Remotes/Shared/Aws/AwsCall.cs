using Amazon.Runtime;

namespace Bazaar.Remotes.Aws;

/// <summary>One call to an AWS JSON API (JSON 1.1 or REST-JSON), and where it goes.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Uri">The URL: the endpoint, and for REST-JSON the operation's path.</param>
/// <param name="Body">The JSON body.</param>
/// <param name="ContentType">The body's type: <c>application/x-amz-json-1.1</c> or <c>application/json</c>.</param>
/// <param name="Target">The <c>X-Amz-Target</c> header of a JSON 1.1 call (<c>AmazonEC2ContainerServiceV20141113.RunTask</c>), or <see langword="null"/>.</param>
/// <param name="Credentials">The credentials that sign it.</param>
/// <param name="Region">The region it is signed for.</param>
/// <param name="Service">The service it is signed for (<c>ecs</c>, <c>batch</c>).</param>
/// <param name="Operation">The operation's name, for logs and messages.</param>
internal sealed record AwsCall(
    HttpMethod Method, Uri Uri, byte[] Body, string ContentType, string? Target, AWSCredentials Credentials, string Region, string Service, string Operation);

/// <summary>What an AWS JSON API answered, after retries.</summary>
/// <param name="Status">The HTTP status; 0 when the service could not be reached.</param>
/// <param name="Body">The body.</param>
/// <param name="ErrorType">The error's type (<c>ClientException</c>, <c>ThrottlingException</c>), without namespace or detail, or <see langword="null"/>.</param>
/// <param name="ErrorMessage">The error's message, or what went wrong in words; <see langword="null"/> on success.</param>
/// <param name="Tries">How many times the call was sent.</param>
internal sealed record AwsAnswer(int Status, byte[] Body, string? ErrorType, string? ErrorMessage, int Tries)
{
    /// <summary>Gets a value indicating whether the call succeeded (2xx).</summary>
    public bool IsSuccess => this.Status is >= 200 and < 300;

    /// <summary>Describes the error for a message: <c>400 ClientException: the message</c>.</summary>
    /// <returns>The text.</returns>
    public string DescribeError() => this.Status == 0
        ? this.ErrorMessage ?? "no answer"
        : $"{this.Status} {string.Join(": ", new[] { this.ErrorType, this.ErrorMessage }.Where(s => !string.IsNullOrEmpty(s)))}".TrimEnd();
}
