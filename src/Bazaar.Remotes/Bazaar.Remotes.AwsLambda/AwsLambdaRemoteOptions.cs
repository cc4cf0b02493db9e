using System.ComponentModel.DataAnnotations;

namespace Bazaar.Remotes.AwsLambda;

/// <summary>Host-side settings of the <c>aws-lambda</c> remote. A graph names the function; where and how to call it is the host's business.</summary>
public sealed class AwsLambdaRemoteOptions
{
    /// <summary>
    /// Gets or sets the Lambda endpoint to call instead of <c>https://lambda.&lt;region&gt;.amazonaws.com</c>:
    /// an emulator, a VPC endpoint. Kept host-side on purpose: a graph file must not be able to send
    /// signed requests somewhere else.
    /// </summary>
    /// <value>
    /// Default <see langword="null"/>: the AWS SDKs' <c>AWS_ENDPOINT_URL_LAMBDA</c>, then <c>AWS_ENDPOINT_URL</c>,
    /// then the region's public endpoint.
    /// </value>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Gets or sets the region of functions whose step names none (neither <c>region:</c> nor an ARN).</summary>
    /// <value>Default <see langword="null"/>: the AWS default chain (<c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile).</value>
    [RegularExpression("^[a-z]{2}(-[a-z]+)+-[0-9]+$", ErrorMessage = "Region must be an AWS region name such as us-east-1.")]
    public string? Region { get; set; }

    /// <summary>Gets or sets the shared-config profile whose credentials sign the calls.</summary>
    /// <value>Default <see langword="null"/>: the AWS default credential chain (environment, <c>AWS_PROFILE</c>, SSO, container and instance roles).</value>
    public string? Profile { get; set; }

    /// <summary>Gets or sets how many times one invocation is tried when Lambda throttles (429), fails (5xx) or cannot be reached.</summary>
    /// <value>Default 4.</value>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Gets or sets the wait before the first retry; it doubles each time, with jitter, up to <see cref="RetryMaxDelay"/>. A <c>Retry-After</c> header wins.</summary>
    /// <value>Default 200 milliseconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets the longest wait between two tries.</summary>
    /// <value>Default 20 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Gets or sets how much longer than the step's timeout Bazaar waits for the invocation to answer. The
    /// handler stops the step at its deadline and still has to answer; past the margin the step is timed out here.
    /// </summary>
    /// <value>Default 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan InvocationTimeoutMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the deadline of a step without a timeout, and the longest any step may have.</summary>
    /// <value>Default 15 minutes, Lambda's own limit.</value>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxStepDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets the largest response body read from the function.</summary>
    /// <value>Default 6 MiB, Lambda's limit for a synchronous response.</value>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 6 * 1024 * 1024;
}
