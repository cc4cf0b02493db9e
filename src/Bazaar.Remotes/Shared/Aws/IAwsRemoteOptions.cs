using Amazon.Runtime;

namespace Bazaar.Remotes.Aws;

/// <summary>The host settings every call-home AWS remote's options carry alike: where the calls go, who signs them, how they are retried.</summary>
internal interface IAwsRemoteOptions
{
    /// <summary>Gets the endpoint option, or <see langword="null"/> for the variables and the region's.</summary>
    Uri? ServiceUrl { get; }

    /// <summary>Gets the region option, or <see langword="null"/> for the AWS default chain's.</summary>
    string? Region { get; }

    /// <summary>Gets the shared-config profile, or <see langword="null"/> for the default chain.</summary>
    string? Profile { get; }

    /// <summary>Gets the credentials given outright, or <see langword="null"/>.</summary>
    AWSCredentials? Credentials { get; }

    /// <summary>Gets how many times one call is tried.</summary>
    int MaxAttempts { get; }

    /// <summary>Gets the wait before the first retry.</summary>
    TimeSpan RetryBaseDelay { get; }

    /// <summary>Gets the longest wait between two tries.</summary>
    TimeSpan RetryMaxDelay { get; }
}
