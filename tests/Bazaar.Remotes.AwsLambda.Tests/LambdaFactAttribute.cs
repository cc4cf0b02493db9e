using Bazaar.Testing;

namespace Bazaar.Remotes.AwsLambda.Tests;

/// <summary>
/// A test that needs the Lambda emulator. Outside ./test.sh it is skipped, saying what is missing, when
/// serverless-offline is not installed; under ./test.sh (<c>BAZAAR_TEST_REQUIRE_ALL=1</c>) it never is
/// (<see cref="TestRequirements"/>).
/// </summary>
public sealed class LambdaFactAttribute : FactAttribute
{
    /// <summary>Initializes a new instance of the <see cref="LambdaFactAttribute"/> class.</summary>
    public LambdaFactAttribute()
    {
        if (TestRequirements.SkipReason(ServerlessOffline.Missing ?? TestRequirements.MissingAzurite) is { } reason)
        {
            this.Skip = reason;
        }
    }
}
