using Xunit;
using Xunit.Sdk;

namespace Bazaar.Testing;

/// <summary>
/// A test that runs against its class's real backend. Where the class's static <c>MissingBackend</c>
/// property names something missing, it is skipped saying so, except where nothing may skip
/// (<see cref="TestRequirements"/>). It replaces a test that returns early, passing, when it cannot run.
/// </summary>
[XunitTestCaseDiscoverer("Bazaar.Testing.BackendFactDiscoverer", "Bazaar.Testing")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BackendFactAttribute : FactAttribute
{
}
