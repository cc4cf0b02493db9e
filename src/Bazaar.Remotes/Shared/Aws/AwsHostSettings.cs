using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace Bazaar.Remotes.Aws;

/// <summary>
/// Where an AWS remote's calls go and who signs them, read the way the AWS SDKs read them: the region from the
/// remote's option, then <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c> and the profile; the endpoint from the option,
/// then <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then <c>AWS_ENDPOINT_URL</c>; credentials from a named profile or the
/// default chain. Shared, as source, by the AWS remotes; each turns a <see langword="null"/> or an
/// <see cref="AmazonClientException"/> into its own exception with its own advice.
/// </summary>
internal static class AwsHostSettings
{
    /// <summary>Reads the region.</summary>
    /// <param name="configured">The remote's own setting or option, which wins.</param>
    /// <param name="environment">The host's environment.</param>
    /// <returns>The region, or <see langword="null"/> when the host names none.</returns>
    public static string? Region(string? configured, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var region = configured ?? environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION");
        if (string.IsNullOrWhiteSpace(region))
        {
            try
            {
                // The profile's region; on EC2 this asks the instance metadata service.
                region = FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
            }
            catch (AmazonClientException)
            {
                region = null;
            }
        }

        return string.IsNullOrWhiteSpace(region) ? null : region.Trim();
    }

    /// <summary>Reads the endpoint the host overrides, if any.</summary>
    /// <param name="configured">The remote's option, which wins.</param>
    /// <param name="serviceVariable">The service's variable, e.g. <c>AWS_ENDPOINT_URL_ECS</c>.</param>
    /// <param name="environment">The host's environment.</param>
    /// <param name="invalid">Makes the exception for a variable that is not an http or https URL, given its name and value.</param>
    /// <returns>The endpoint, or <see langword="null"/> for the region's public one.</returns>
    public static Uri? Endpoint(Uri? configured, string serviceVariable, Func<string, string?> environment, Func<string, string, Exception> invalid)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(invalid);
        if (configured is not null)
        {
            return configured;
        }

        foreach (var name in (string[])[serviceVariable, "AWS_ENDPOINT_URL"])
        {
            var value = environment(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
                ? url
                : throw invalid(name, value);
        }

        return null;
    }

    /// <summary>Finds the credentials: the named profile's, else the AWS default chain's.</summary>
    /// <param name="profile">The shared-config profile, or <see langword="null"/> for the default chain.</param>
    /// <returns>The credentials, or <see langword="null"/> when there is no such profile.</returns>
    /// <exception cref="AmazonClientException">The default chain found nothing.</exception>
    public static async Task<AWSCredentials?> CredentialsAsync(string? profile)
    {
        if (profile is not null)
        {
            return new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile) ? fromProfile : null;
        }

        return await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null).ConfigureAwait(false);
    }
}
