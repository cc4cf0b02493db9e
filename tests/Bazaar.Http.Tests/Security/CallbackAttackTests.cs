using System.Buffers.Text;
using System.Net;
using Bazaar.CallHome;
using Bazaar.Http.Tests.Http;
using Bazaar.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Moq;

namespace Bazaar.Http.Tests.Security;

/// <summary>
/// Attacks on the callback route over HTTP, each performed and refused: a forged token, an expired one, one
/// for another event or from another installation, tampered claims, a replay; and what reaches the logs.
/// </summary>
public sealed class CallbackAttackTests
{
    private const string Body = "{\"exitCode\":0}";

    [Fact]
    public async Task Forged_Expired_ForeignOrMissingTokens_AllGetTheSame401AndRaiseNothing()
    {
        var ct = TestTimeout.Token();
        await using var server = await CallbackServer.StartAsync();
        var genuine = server.Endpoint(CallHomeEvents.Done).Token;
        var parts = genuine.Split('.');
        var attacker = new CallbackTokens(
            Options.Create(new CallHomeOptions { Keys = CallbackKeyRing.Parse("k1:" + Convert.ToBase64String(new byte[32])) }), TimeProvider.System);
        var otherInstallation = new CallbackTokens(Options.Create(new CallHomeOptions { Keys = CallbackKeyRing.Parse(CallbackKeyRing.NewSetting()) }), TimeProvider.System);
        var claims = new CallbackClaims("run-1:shard-0", "run-1", "compile", 1, CallHomeEvents.Done, DateTimeOffset.UtcNow.AddMinutes(5));
        var tampered = Base64Url.EncodeToString(Base64Url.DecodeFromChars(parts[2]).Select(b => b == (byte)'1' ? (byte)'2' : b).ToArray());
        var tokens = new Dictionary<string, string?>
        {
            ["forged with a guessed key"] = attacker.Issue(claims),
            ["from another installation"] = otherInstallation.Issue(claims),
            ["expired"] = server.Endpoint(CallHomeEvents.Done, expiresAt: DateTimeOffset.UtcNow.AddSeconds(-1)).Token,
            ["for the started event"] = server.Endpoint(CallHomeEvents.Started).Token,
            ["with its claims edited"] = $"{parts[0]}.{parts[1]}.{tampered}.{parts[3]}",
            ["with its signature cut"] = $"{parts[0]}.{parts[1]}.{parts[2]}.",
            ["garbage"] = "not-a-token",
            ["over the length budget"] = "bzc1.k1." + new string('A', 4000) + ".AAAA",
            ["missing"] = null,
        };

        var details = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (what, token) in tokens)
        {
            var response = await server.PostAsync("api/callbacks/done", token, Body, ct);
            var problem = await response.Content.ReadAsStringAsync(ct);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"a token {what} was answered {response.StatusCode}: {problem}");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            details.Add(problem);
        }

        // No hint which check failed: every refusal reads the same.
        Assert.Single(details);
        server.VerifyNothingRaised();
    }

    [Fact]
    public async Task Replay_SecondCallWithTheSameToken_Is409AndRaisesNothingMore()
    {
        var ct = TestTimeout.Token();
        await using var server = await CallbackServer.StartAsync();
        var done = server.Endpoint(CallHomeEvents.Done);

        var first = await server.PostAsync(done.Url.PathAndQuery, done.Token, Body, ct);
        var replay = await server.PostAsync(done.Url.PathAndQuery, done.Token, Body, ct);
        var reissued = await server.PostAsync(done.Url.PathAndQuery, server.Endpoint(CallHomeEvents.Done, DateTimeOffset.UtcNow.AddMinutes(9)).Token, Body, ct);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reissued.StatusCode);
        server.Client.Verify(
            c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task ConcurrentReplays_ExactlyOneIsAccepted()
    {
        var ct = TestTimeout.Token();
        await using var server = await CallbackServer.StartAsync();
        var done = server.Endpoint(CallHomeEvents.Done);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.PostAsync(done.Url.PathAndQuery, done.Token, Body, ct)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Accepted), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
    }

    [Fact]
    public async Task Logs_AcceptedAndRefusedCalls_AreLoggedWithoutTheToken()
    {
        var ct = TestTimeout.Token();
        await using var server = await CallbackServer.StartAsync();
        var done = server.Endpoint(CallHomeEvents.Done);
        var expired = server.Endpoint(CallHomeEvents.Done, expiresAt: DateTimeOffset.UtcNow.AddSeconds(-1));
        var started = server.Endpoint(CallHomeEvents.Started, step: "other");

        await server.PostAsync(done.Url.PathAndQuery, done.Token, Body, ct);
        await server.PostAsync(done.Url.PathAndQuery, done.Token, Body, ct);
        await server.PostAsync(expired.Url.PathAndQuery, expired.Token, Body, ct);
        await server.PostAsync(started.Url.PathAndQuery, started.Token, "[]", ct);

        var entries = server.Logs.Entries;
        Assert.Contains(entries, e => e.Level == LogLevel.Information && e.EventId == 204);
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.EventId == 205 && e.Text.Contains("Expired", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.EventId == 206);
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.EventId == 207);
        foreach (var token in new[] { done.Token, expired.Token, started.Token })
        {
            // Neither the token nor its signature, the part that makes it a credential.
            Assert.DoesNotContain(entries, e => e.Text.Contains(token, StringComparison.Ordinal) || e.Text.Contains(token.Split('.')[3], StringComparison.Ordinal));
        }

        Assert.DoesNotContain(entries, e => e.Text.Contains(CallbackServer.Keys.Split(':')[1], StringComparison.Ordinal));
    }
}
