using System.Reflection;
using Bazaar.Hosting;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bazaar.Testing;

/// <summary>
/// What tests need from this machine (Azurite, a Docker engine, the Lambda emulator) and what happens when
/// it is missing: outside CI the test is skipped with a reason that names what is missing; under
/// ./test.sh (<c>BAZAAR_TEST_REQUIRE_ALL=1</c>) nothing skips, so the test runs and fails saying the same.
/// </summary>
public static class TestRequirements
{
    /// <summary>The environment variable that, set to 1, makes every missing dependency a failure.</summary>
    public const string RequireAllVariable = "BAZAAR_TEST_REQUIRE_ALL";

    /// <summary>The name of the static property a test class declares to say what its backend lacks here.</summary>
    public const string MissingBackendProperty = "MissingBackend";

    /// <summary>Gets a value indicating whether nothing may skip (CI).</summary>
    public static bool RequireAll => Environment.GetEnvironmentVariable(RequireAllVariable) == "1";

    /// <summary>Gets why Azurite cannot be started here, or <see langword="null"/> when it can (or <c>BAZAAR_TEST_STORAGE</c> names an account).</summary>
    public static string? MissingAzurite =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("BAZAAR_TEST_STORAGE")) || AzuriteProcess.FindExecutable(RepositoryRoot.Path) is not null
            ? null
            : "Azurite is not installed (npm install --prefix .tools azurite, as ./test.sh does) and BAZAAR_TEST_STORAGE names no account";

    /// <summary>Gets the reason to skip a test that needs what <paramref name="missing"/> names.</summary>
    /// <param name="missing">What is missing, or <see langword="null"/> when nothing is.</param>
    /// <returns>The reason, or <see langword="null"/> when the test must run: nothing is missing, or nothing may skip.</returns>
    public static string? SkipReason(string? missing) =>
        missing is null || RequireAll ? null : $"{missing}; skipped here, a failure where {RequireAllVariable}=1 (./test.sh)";

    /// <summary>
    /// Gets the reason to skip the tests of a class: what its <c>MissingBackend</c> static property (the most
    /// derived one) says is missing, per <see cref="SkipReason"/>.
    /// </summary>
    /// <param name="testClass">The test class.</param>
    /// <returns>The reason, or <see langword="null"/> when its tests must run.</returns>
    public static string? SkipReasonOf(ITypeInfo testClass)
    {
        ArgumentNullException.ThrowIfNull(testClass);
        for (var type = testClass.ToRuntimeType(); type is not null; type = type.BaseType)
        {
            if (type.GetProperty(MissingBackendProperty, BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly) is { } property)
            {
                return SkipReason((string?)property.GetValue(null));
            }
        }

        return null;
    }
}
