using Amazon.Runtime;

namespace Bazaar.Remotes.Aws;

/// <summary>
/// Where a call-home AWS remote's calls go and who signs them (ECS, Batch): the region and endpoint the host sets
/// (<see cref="AwsHostSettings"/>), plain http refused except on loopback because the bodies carry the agents' secrets,
/// and the credentials found once and kept. What is wrong is turned into the remote's own exception, as misconfigured.
/// </summary>
/// <param name="service">The service's endpoint prefix and signing name, <c>ecs</c> or <c>batch</c>.</param>
/// <param name="remoteType">The remote type, for messages.</param>
/// <param name="options">The remote's host settings.</param>
/// <param name="environment">The host's environment.</param>
/// <param name="misconfigured">Makes the remote's exception, kind misconfigured, from a message and a cause.</param>
internal sealed class AwsServiceTarget(
    string service, string remoteType, IAwsRemoteOptions options, Func<string, string?> environment, Func<string, Exception?, Exception> misconfigured)
{
    private AWSCredentials? found = options.Credentials;

    /// <summary>Gets the service's signing name.</summary>
    public string Service => service;

    /// <summary>Gets the region the calls go to and are signed for.</summary>
    /// <param name="step">The step the call is for, for the message, or <see langword="null"/>.</param>
    /// <returns>The region.</returns>
    public string Region(string? step) =>
        AwsHostSettings.Region(options.Region, environment) ?? throw misconfigured(
            $"{Who(step)}this host has no AWS region for the {remoteType} remote. Set AWS_REGION where Bazaar runs, or the remote's Region option.", null);

    /// <summary>Gets the endpoint: the option, <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, <c>AWS_ENDPOINT_URL</c>, or the region's.</summary>
    /// <param name="region">The region.</param>
    /// <returns>The endpoint.</returns>
    public Uri Endpoint(string region)
    {
        var endpoint = AwsHostSettings.Endpoint(
            options.ServiceUrl,
            "AWS_ENDPOINT_URL_" + service.ToUpperInvariant(),
            environment,
            (name, value) => misconfigured($"{name} is '{value}', which is not an http or https URL. Set it to the {service} endpoint, e.g. https://{service}.{region}.amazonaws.com, or unset it.", null))
            ?? new Uri($"https://{service}.{region}.amazonaws.com/");

        // The bodies carry the agent's request (SAS URLs, call-home tokens): never in the clear beyond this machine.
        return endpoint.Scheme == Uri.UriSchemeHttps || endpoint.IsLoopback
            ? endpoint
            : throw misconfigured($"The {service} endpoint {endpoint.GetLeftPart(UriPartial.Authority)} is plain http on another machine; the calls carry the agents' secrets. Use https, or http only on loopback.", null);
    }

    /// <summary>Gets the credentials: the option's, else the profile's, else the default chain's, found once.</summary>
    /// <param name="step">The step the call is for, for the message, or <see langword="null"/>.</param>
    /// <returns>The credentials.</returns>
    public async Task<AWSCredentials> CredentialsAsync(string? step)
    {
        if (Volatile.Read(ref this.found) is { } cached)
        {
            return cached;
        }

        AWSCredentials resolved;
        try
        {
            resolved = await AwsHostSettings.CredentialsAsync(options.Profile).ConfigureAwait(false) ?? throw misconfigured(
                $"{Who(step)}there is no AWS profile '{options.Profile}' (the {remoteType} remote's Profile) in the shared config or credentials file. Create it, or unset Profile to use the default chain.", null);
        }
        catch (AmazonClientException ex)
        {
            throw misconfigured(
                $"{Who(step)}found no AWS credentials to sign the {service} calls ({ex.Message}). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run Bazaar with an IAM role.", ex);
        }

        Volatile.Write(ref this.found, resolved);
        return resolved;
    }

    /// <summary>
    /// Sends one call to the service through <paramref name="client"/>: resolves the region, endpoint and credentials,
    /// signs, retries throttling and failures, and returns the last answer with the endpoint it went to.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="operation">The operation, for logs and messages.</param>
    /// <param name="path">The operation's path under the endpoint (<c>/</c> for JSON 1.1, <c>/v1/submitjob</c> for REST-JSON).</param>
    /// <param name="body">The JSON body.</param>
    /// <param name="contentType">The body's type.</param>
    /// <param name="target">The <c>X-Amz-Target</c> header, or <see langword="null"/>.</param>
    /// <param name="step">The step the call is for, for messages, or <see langword="null"/>.</param>
    /// <param name="retrying">Told of each retry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer, and the endpoint it came from.</returns>
    public async Task<(AwsAnswer Answer, Uri Endpoint)> SendAsync(
        AwsJsonClient client, string operation, string path, byte[] body, string contentType, string? target, string? step, Action<int, string, TimeSpan> retrying, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var where = this.Region(step);
        var endpoint = this.Endpoint(where);
        var call = new AwsCall(HttpMethod.Post, new Uri(endpoint, path), body, contentType, target, await this.CredentialsAsync(step).ConfigureAwait(false), where, service, operation);
        try
        {
            return (await client.SendAsync(call, retrying, cancellationToken).ConfigureAwait(false), endpoint);
        }
        catch (AmazonClientException ex)
        {
            throw misconfigured(
                $"{Who(step)}could not sign the {service} call {operation} ({ex.Message}). Check the host's AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a role).", ex);
        }
    }

    /// <summary>Names the step a message is about: <c>Step 'x': </c>, or nothing.</summary>
    /// <param name="step">The step, or <see langword="null"/>.</param>
    /// <returns>The prefix.</returns>
    public static string Who(string? step) => step is null ? string.Empty : $"Step '{step}': ";
}
