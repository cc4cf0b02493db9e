using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bazaar.Testing;

/// <summary>Finds <see cref="BackendFactAttribute"/> tests: skipped, with the reason, where the test class's backend is missing.</summary>
/// <param name="diagnosticMessageSink">Where xunit's diagnostics go.</param>
public sealed class BackendFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc/>
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        return TestRequirements.SkipReasonOf(testMethod.TestClass.Class) is { } reason
            ? new XunitSkippedDataRowTestCase(this.DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)
            : base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}
