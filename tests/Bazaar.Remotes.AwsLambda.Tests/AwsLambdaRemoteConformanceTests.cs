using Bazaar.Graphs;
using Bazaar.Testing;

namespace Bazaar.Remotes.AwsLambda.Tests;

/// <summary>
/// The shared remote suite against serverless-offline running examples/lambda. A payload remote has no
/// local workspace (products travel through SAS URLs, tested in <see cref="AwsLambdaProductTests"/>) and
/// gets its log with the answer, so the workspace and log-streaming cases do not apply; cancellation
/// is checked a second into the step instead of after its first line.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class AwsLambdaRemoteConformanceTests(LambdaFixture fixture) : RemoteConformanceTests
{
    protected override bool UsesWorkspace => false;

    protected override bool StreamsLog => false;

    protected override IRemote CreateRemote() => fixture.CreateRemote();

    protected override StepContext CreateContext(StepDefinition step, FakeStepWorkspace workspace, RecordingStepLog log) =>
        TestStepContext.Create(step with { Remote = new AwsLambdaRemoteSpec(LambdaFixture.StepFunction).ToDefinition() }, workspace, log);
}
