using Xunit;
using Xunit.Sdk;

namespace Bazaar.Testing;

/// <summary>A theory that runs against its class's real backend; skipped as <see cref="BackendFactAttribute"/> says.</summary>
[XunitTestCaseDiscoverer("Bazaar.Testing.BackendTheoryDiscoverer", "Bazaar.Testing")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BackendTheoryAttribute : TheoryAttribute
{
}
