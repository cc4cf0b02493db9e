using Bazaar.Graphs;
using Bazaar.Orchestration;
using Bazaar.Products;
using Bazaar.Remotes;
using Bazaar.Testing;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Bazaar.Engine.Tests.Security;

/// <summary>
/// Issue 14 at the <c>ExecuteStep</c> activity, on a real store (Azurite) with a scripted remote:
/// what a remote echoes back (a SAS URL, a secret spread over lines) is redacted from the log, the
/// step record and the result that enters the orchestration history; that result's text is bounded;
/// and a step gets only the secrets the host shares.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ExecuteStepTrustTests(AzuriteFixture azurite) : IDisposable
{
    private const string Signature = "dGhpcyBpcyBhIHNpZ25hdHVyZQ%3D%3D";
    private const string SasUrl = "https://acct.blob.core.windows.net/bazaar/cas/sha256/ab?sv=2025-01-05&sr=b&sp=r&se=2026-01-01&sig=" + Signature;

    private readonly TempDirectory work = new();
    private readonly BazaarOptions options = new();

    public void Dispose() => this.work.Dispose();

    [Fact]
    public async Task RunAsync_RemoteEchoesASasUrl_NoSignatureInTheLogTheRecordOrTheResult()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        var remote = new ScriptedRemote(async context =>
        {
            await context.Log.WriteLineAsync($"uploading to {SasUrl}", CancellationToken.None);
            return new RemoteResult { ExitCode = 1, Message = $"the upload to {SasUrl} was refused (403)" };
        });

        var result = await this.ExecuteAsync(store, remote, Step(), ct);

        var record = await store.GetStepRecordAsync("run1", "s", ct);
        var log = await ReadLogAsync(store, ct);
        Assert.Equal(StepState.Failed, result.State);
        foreach (var text in new[] { result.Error!, record!.Error!, log })
        {
            Assert.DoesNotContain(Signature, text, StringComparison.Ordinal);
            Assert.Contains("sig=***", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_RemoteLogsAMultiLineSecretInPieces_TheLogAndErrorHoldNoLineOfIt()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        var name = SecretName();
        var value = "-----BEGIN KEY-----\nAAAAsecretline1AAAA\nBBBBsecretline2BBBB\n-----END KEY-----\n";
        Environment.SetEnvironmentVariable(name, value);
        this.options.ShareableSecrets.Add(name);
        try
        {
            var remote = new ScriptedRemote(async context =>
            {
                // The key as a tool prints it: line by line, its second line cut in two writes.
                await context.Log.WriteLineAsync("key follows", CancellationToken.None);
                await context.Log.WriteLineAsync("-----BEGIN KEY-----", CancellationToken.None);
                await context.Log.WriteLineAsync("AAAAsecret", CancellationToken.None);
                await context.Log.WriteLineAsync("line1AAAA", CancellationToken.None);
                await context.Log.WriteLineAsync("BBBBsecretline2BBBB", CancellationToken.None);
                await context.Log.WriteLineAsync("-----END KEY-----", CancellationToken.None);
                return RemoteResult.Exited(context, 2);
            });

            var result = await this.ExecuteAsync(store, remote, Step(secrets: [name]), ct);

            var log = await ReadLogAsync(store, ct);
            var record = await store.GetStepRecordAsync("run1", "s", ct);
            foreach (var text in new[] { log, result.Error!, record!.Error! })
            {
                Assert.DoesNotContain("secretline", text, StringComparison.Ordinal);
                Assert.DoesNotContain("line1AAAA", text, StringComparison.Ordinal);
            }

            Assert.Contains("key follows\n***\n", log, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task RunAsync_FailureWithAHugeMessage_ResultIsCutTo2KiBSayingWhereTheWholeIs()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        var message = "step 's' exited with code 1; last lines:\n" + string.Concat(Enumerable.Repeat("a long line of output from a failing tool\n", 5_000));
        var remote = new ScriptedRemote(_ => Task.FromResult(new RemoteResult { ExitCode = 1, Message = message }));

        var result = await this.ExecuteAsync(store, remote, Step(), ct);

        var record = await store.GetStepRecordAsync("run1", "s", ct);
        Assert.Equal(message, record!.Error);
        Assert.True(result.Error!.Length <= HistoryText.MaxChars, $"{result.Error.Length} characters");
        Assert.StartsWith("step 's' exited with code 1", result.Error, StringComparison.Ordinal);
        Assert.Contains("[cut at 2048 of", result.Error, StringComparison.Ordinal);
        Assert.Contains("runs/run1/steps/s.json", result.Error, StringComparison.Ordinal);
        Assert.Contains(store.GetLogLocation("run1", "s", 1), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SecretTheHostDoesNotShare_FailsNamingItAndTheRemoteNeverRuns()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        var ran = false;
        var remote = new ScriptedRemote(_ =>
        {
            ran = true;
            return Task.FromResult(RemoteResult.Success);
        });

        var result = await this.ExecuteAsync(store, remote, Step(secrets: ["BAZAAR_STORAGE"]), ct);

        Assert.False(ran);
        Assert.Equal(StepState.Failed, result.State);
        Assert.False(result.Retryable);
        Assert.Contains("asks for the secret BAZAAR_STORAGE", result.Error, StringComparison.Ordinal);
        Assert.Contains(ShareableSecrets.Variable, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SecretTheHostShares_ReachesTheStep()
    {
        var ct = TestTimeout.Token();
        var (store, _) = TestStores.Create(azurite);
        var name = SecretName();
        Environment.SetEnvironmentVariable(name, "shared-value");
        this.options.ShareableSecrets.Add(name);
        try
        {
            string? seen = null;
            var remote = new ScriptedRemote(context =>
            {
                seen = context.Environment.GetValueOrDefault(name);
                return Task.FromResult(RemoteResult.Success);
            });

            var result = await this.ExecuteAsync(store, remote, Step(secrets: [name]), ct);

            Assert.Equal(StepState.Succeeded, result.State);
            Assert.Equal("shared-value", seen);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    private static string SecretName() => "TEST_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private static StepDefinition Step(IReadOnlyList<string>? secrets = null) => new()
    {
        Name = "s",
        Run = StepCommand.FromShell("scripted"),
        Remote = new RemoteDefinition { Type = ScriptedRemote.TypeName },
        Secrets = secrets ?? [],
    };

    private static async Task<string> ReadLogAsync(BlobProductStore store, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenLogReadAsync("run1", "s", 1, 0, cancellationToken);
        using var reader = new StreamReader(stream!);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private async Task<StepResult> ExecuteAsync(BlobProductStore store, IRemote remote, StepDefinition step, CancellationToken cancellationToken)
    {
        this.options.WorkRoot = this.work.Path;
        var activity = new ExecuteStepActivity(
            [remote], store, store, store, store, store, store, TimeProvider.System, Options.Create(this.options), [], NullLogger<ExecuteStepActivity>.Instance, store);
        var request = new ExecuteStepRequest { RunId = "run1", Step = step, GraphSecrets = step.Secrets };
        return await activity.RunAsync(Mock.Of<TaskActivityContext>(), request).WaitAsync(cancellationToken);
    }

    /// <summary>A remote whose behaviour the test writes.</summary>
    private sealed class ScriptedRemote(Func<StepContext, Task<RemoteResult>> run) : IRemote
    {
        public const string TypeName = "scripted";

        public string Type => TypeName;

        public Task<RemoteResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) => run(context);
    }
}
