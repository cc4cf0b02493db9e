using Bazaar.Remotes;
using Bazaar.Remotes.AwsLambda;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>aws-lambda</c> remote.</summary>
public static class AwsLambdaRemoteBuilderExtensions
{
    /// <summary>
    /// Adds the <c>aws-lambda</c> remote, which runs each step as a Lambda invocation through the remote
    /// step protocol, signed with SigV4 and the AWS default credential chain. Its options are validated
    /// when the host starts.
    /// </summary>
    /// <param name="builder">The Bazaar builder.</param>
    /// <param name="configure">Changes the <see cref="AwsLambdaRemoteOptions"/>; optional.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IBazaarBuilder AddAwsLambdaRemote(this IBazaarBuilder builder, Action<AwsLambdaRemoteOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = builder.Services.AddOptions<AwsLambdaRemoteOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRemote, AwsLambdaRemote>());
        return builder;
    }
}
