using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bazaar.Testing;

/// <summary>Finds <see cref="BackendTheoryAttribute"/> tests: one skipped case, with the reason, where the test class's backend is missing.</summary>
/// <param name="diagnosticMessageSink">Where xunit's diagnostics go.</param>
public sealed class BackendTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc/>
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        return TestRequirements.SkipReasonOf(testMethod.TestClass.Class) is { } reason
            ? [new XunitSkippedDataRowTestCase(this.DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
    }
}
