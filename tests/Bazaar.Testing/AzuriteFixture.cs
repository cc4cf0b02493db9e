using Bazaar.Hosting;
using Xunit;

namespace Bazaar.Testing;

/// <summary>
/// Azurite on free loopback ports, started once per test collection and stopped by the process
/// it started. <c>BAZAAR_TEST_STORAGE</c> points the fixture at a real account instead.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;

    /// <summary>Gets the connection string of the storage the tests use.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("BAZAAR_TEST_STORAGE");
        if (!string.IsNullOrEmpty(external))
        {
            this.ConnectionString = external;
            return;
        }

        this.azurite = await AzuriteProcess.StartAsync();
        this.ConnectionString = this.azurite.ConnectionString;
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (this.azurite is not null)
        {
            await this.azurite.DisposeAsync();
        }
    }
}
