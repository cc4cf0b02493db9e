using Bazaar.Graphs;
using Bazaar.Hosting;
using Bazaar.Testing;

namespace Bazaar.Remotes.AwsLambda.Tests;

/// <summary>
/// The shared remote suite against serverless-offline running examples/lambda; whole runs on the fixture's
/// durable host over Azurite, products through SAS URLs. A payload remote gets its log with the answer, so
/// it runs the suite without the log-streaming case (<see cref="StreamingRemoteConformanceTests"/>), and
/// cancellation is checked a second into the step instead of after its first line.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class AwsLambdaRemoteConformanceTests(LambdaFixture fixture) : RemoteConformanceTests
{
    /// <summary>Gets what this suite lacks here: the Lambda emulator, and storage for the host.</summary>
    public static new string? MissingBackend => ServerlessOffline.Missing ?? RemoteConformanceTests.MissingBackend;

    protected override RemoteDefinition Remote => new AwsLambdaRemoteSpec(LambdaFixture.StepFunction).ToDefinition();

    protected override LocalDurableHost Host => fixture.Host;

    protected override IRemote CreateRemote() => fixture.CreateRemote();
}
