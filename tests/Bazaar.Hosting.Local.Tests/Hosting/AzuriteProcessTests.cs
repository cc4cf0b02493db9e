using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Bazaar.Testing;

namespace Bazaar.Hosting.Local.Tests.Hosting;

/// <summary>
/// The emulator as <c>bazaar run</c> starts it: three processes, one per service, on one data folder,
/// stopped and started again the way two commands typed one after the other do.
/// </summary>
public sealed class AzuriteProcessTests : IDisposable
{
    private readonly TempDirectory data = new();

    /// <summary>Gets what this machine lacks to run these tests, if anything.</summary>
    public static string? MissingBackend => TestRequirements.MissingAzurite;

    [BackendFact]
    public async Task StartAsync_ByDefault_OneProcessPerServiceEachListening()
    {
        var azurite = await AzuriteProcess.StartAsync(dataDirectory: this.data.Path, cancellationToken: TestTimeout.Token());
        await using var stop = azurite;

        Assert.Equal(3, azurite.ProcessIds.Count);
        Assert.All(azurite.ProcessIds, pid => Assert.True(PosixProcesses.IsAlive(pid)));
        Assert.Contains("azurite-blob", PosixProcesses.CommandLine(azurite.ProcessIds[0]), StringComparison.Ordinal);
        Assert.Contains("azurite-queue", PosixProcesses.CommandLine(azurite.ProcessIds[1]), StringComparison.Ordinal);
        Assert.Contains("azurite-table", PosixProcesses.CommandLine(azurite.ProcessIds[2]), StringComparison.Ordinal);
        Assert.All(azurite.ProcessIds, pid => Assert.Contains("--disableTelemetry", PosixProcesses.CommandLine(pid), StringComparison.Ordinal));
    }

    [BackendFact]
    public async Task StopAsync_RightAfterWrites_EveryServiceKeepsThemAcrossARestart()
    {
        // Written and stopped at once, well inside Azurite's few seconds between saves: what survives
        // is what each process saved on its way out. azurite-table dies unsaved on SIGTERM.
        var ct = TestTimeout.Token(TimeSpan.FromSeconds(120));
        var first = await AzuriteProcess.StartAsync(dataDirectory: this.data.Path, cancellationToken: ct);
        var (blob, queue, table) = (first.BlobPort, first.QueuePort, first.TablePort);
        await using (first)
        {
            var connection = first.ConnectionString;
            var container = new BlobContainerClient(connection, "kept");
            await container.CreateAsync(cancellationToken: ct);
            await container.UploadBlobAsync("b", BinaryData.FromString("blob"), ct);
            var messages = new QueueClient(connection, "kept");
            await messages.CreateAsync(cancellationToken: ct);
            await messages.SendMessageAsync("queue", ct);
            var entities = new TableClient(connection, "kept");
            await entities.CreateAsync(ct);
            await entities.AddEntityAsync(new TableEntity("p", "r") { ["state"] = "Succeeded" }, ct);

            Assert.Equal(ProcessStopOutcome.Exited, await first.StopAsync().WaitAsync(ct));
            Assert.All(first.ProcessIds, pid => Assert.False(PosixProcesses.IsAlive(pid)));
        }

        var second = await AzuriteProcess.StartAsync(blob, queue, table, this.data.Path, cancellationToken: ct);
        await using (second)
        {
            var connection = second.ConnectionString;
            var content = await new BlobContainerClient(connection, "kept").GetBlobClient("b").DownloadContentAsync(ct);
            Assert.Equal("blob", content.Value.Content.ToString());
            var peeked = await new QueueClient(connection, "kept").PeekMessageAsync(ct);
            Assert.Equal("queue", peeked.Value.Body.ToString());
            var entity = await new TableClient(connection, "kept").GetEntityAsync<TableEntity>("p", "r", cancellationToken: ct);
            Assert.Equal("Succeeded", entity.Value.GetString("state"));
        }
    }

    public void Dispose() => this.data.Dispose();
}
