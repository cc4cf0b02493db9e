using System.Buffers.Text;
using System.Text;
using Bazaar.CallHome;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bazaar.Engine.Tests.CallHome;

public sealed class CallbackTokensTests
{
    private const string OldKey = "old:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string NewKey = "new:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Now);

    private static CallbackClaims Claims(string @event = CallHomeEvents.Done) =>
        new("run-1:shard-2", "run-1", "compile", 3, @event, Now.AddMinutes(10));

    [Fact]
    public void Issue_ThenValidate_GivesTheClaimsBack()
    {
        var tokens = this.Tokens(OldKey);

        var token = tokens.Issue(Claims());

        Assert.StartsWith("bzc1.old.", token, StringComparison.Ordinal);
        Assert.Equal(CallbackTokenStatus.Valid, tokens.Validate(token, CallHomeEvents.Done, out var claims));
        Assert.Equal(Claims(), claims);
    }

    [Theory]
    [InlineData("i", "run-1:shard-3")]
    [InlineData("r", "run-2")]
    [InlineData("s", "deploy")]
    [InlineData("a", 4)]
    [InlineData("e", "started")]
    [InlineData("x", 1_900_000_000L)]
    public void Validate_EachClaimTampered_IsBadSignature(string claim, object value)
    {
        var tokens = this.Tokens(OldKey);
        var parts = tokens.Issue(Claims()).Split('.');
        var payload = System.Text.Json.Nodes.JsonNode.Parse(Base64Url.DecodeFromChars(parts[2]))!.AsObject();
        payload[claim] = value switch
        {
            string s => s,
            int n => n,
            long n => n,
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };
        parts[2] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));

        var status = tokens.Validate(string.Join('.', parts), claim == "e" ? CallHomeEvents.Started : CallHomeEvents.Done, out var claims);

        Assert.Equal(CallbackTokenStatus.BadSignature, status);
        Assert.Null(claims);
    }

    [Fact]
    public void Validate_SignatureFlippedOrKeyIdSwapped_IsRefused()
    {
        var tokens = this.Tokens($"{OldKey};{NewKey.Replace("new:", "other:", StringComparison.Ordinal)}");
        var token = tokens.Issue(Claims());
        var parts = token.Split('.');
        var mac = Base64Url.DecodeFromChars(parts[3]);
        mac[0] ^= 1;

        Assert.Equal(CallbackTokenStatus.BadSignature, tokens.Validate($"{parts[0]}.{parts[1]}.{parts[2]}.{Base64Url.EncodeToString(mac)}", CallHomeEvents.Done, out _));
        Assert.Equal(CallbackTokenStatus.BadSignature, tokens.Validate($"{parts[0]}.other.{parts[2]}.{parts[3]}", CallHomeEvents.Done, out _));
    }

    [Fact]
    public void Validate_SignedWithAnotherKeyUnderTheSameId_IsBadSignature()
    {
        var attacker = this.Tokens("old:" + Convert.ToBase64String(new byte[32]));

        var forged = attacker.Issue(Claims());

        Assert.Equal(CallbackTokenStatus.BadSignature, this.Tokens(OldKey).Validate(forged, CallHomeEvents.Done, out _));
    }

    [Fact]
    public void Validate_UnknownKeyId_IsUnknownKey()
    {
        var token = this.Tokens(NewKey).Issue(Claims());

        Assert.Equal(CallbackTokenStatus.UnknownKey, this.Tokens(OldKey).Validate(token, CallHomeEvents.Done, out _));
    }

    [Fact]
    public void Validate_NoKeys_RefusesAndIssueSaysWhatToSet()
    {
        var tokens = new CallbackTokens(Options.Create(new CallHomeOptions()), this.clock);
        var token = this.Tokens(OldKey).Issue(Claims());

        Assert.Equal(CallbackTokenStatus.UnknownKey, tokens.Validate(token, CallHomeEvents.Done, out _));
        var error = Assert.Throws<BazaarException>(() => tokens.Issue(Claims()));
        Assert.Contains("BAZAAR_CALLBACK_KEYS", error.Message, StringComparison.Ordinal);
        Assert.Equal(Graphs.FailureKind.Misconfigured, error.Kind);
    }

    [Fact]
    public void Rotation_NewKeySignsAndTheOldOneStillValidates()
    {
        var before = this.Tokens(OldKey).Issue(Claims());
        var rotated = this.Tokens($"{NewKey};{OldKey}");

        var after = rotated.Issue(Claims());

        Assert.StartsWith("bzc1.new.", after, StringComparison.Ordinal);
        Assert.Equal(CallbackTokenStatus.Valid, rotated.Validate(before, CallHomeEvents.Done, out _));
        Assert.Equal(CallbackTokenStatus.Valid, rotated.Validate(after, CallHomeEvents.Done, out _));
        Assert.Equal(CallbackTokenStatus.UnknownKey, this.Tokens(NewKey).Validate(before, CallHomeEvents.Done, out _));
    }

    [Fact]
    public void Validate_AtAndAfterExpiry_IsExpired()
    {
        var tokens = this.Tokens(OldKey);
        var token = tokens.Issue(Claims());

        this.clock.SetUtcNow(Now.AddMinutes(10).AddSeconds(-1));
        Assert.Equal(CallbackTokenStatus.Valid, tokens.Validate(token, CallHomeEvents.Done, out _));
        this.clock.SetUtcNow(Now.AddMinutes(10));
        Assert.Equal(CallbackTokenStatus.Expired, tokens.Validate(token, CallHomeEvents.Done, out var claims));
        Assert.Null(claims);
    }

    [Fact]
    public void Validate_TheOtherEventsRoute_IsWrongEvent()
    {
        var tokens = this.Tokens(OldKey);

        var started = tokens.Issue(Claims(CallHomeEvents.Started));

        Assert.Equal(CallbackTokenStatus.WrongEvent, tokens.Validate(started, CallHomeEvents.Done, out _));
        Assert.Equal(CallbackTokenStatus.WrongEvent, tokens.Validate(started, "bogus", out _));
    }

    public static TheoryData<string?> Garbage => new()
    {
        null,
        string.Empty,
        "Bearer",
        "bzc1",
        "bzc1...",
        "bzc1.old..",
        "bzc1.old.e30.",
        "bzc2.old.e30.AAAA",
        "bzc1.old.e30.AAAA.AAAA",
        "bzc1.o!d.e30.AAAA",
        "bzc1.old.e30.%%%%",
        "bzc1.old.e30." + new string('A', 43),
        "bzc1.old." + new string('A', 3000) + ".AAAA",
        "bzc1.old.e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "bzc1.old.\u00e9\u00e9\u00e9.AAAA",
        new string('.', 5000),
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Validate_Garbage_IsMalformedOrBadSignatureAndNeverThrows(string? token)
    {
        var status = this.Tokens(OldKey).Validate(token, CallHomeEvents.Done, out var claims);

        Assert.Contains(status, new[] { CallbackTokenStatus.Malformed, CallbackTokenStatus.BadSignature });
        Assert.Null(claims);
    }

    [Fact]
    public void Validate_SignedButNotClaims_IsMalformed()
    {
        // A key holder's mistake, not an attack: the MAC is right, the payload is not claims.
        var key = Convert.FromBase64String(OldKey["old:".Length..]);
        foreach (var payload in new[] { "{}", "[]", "null", "{\"i\":1}", "{\"i\":\"x\",\"r\":\"../..\",\"s\":\"s\",\"a\":1,\"e\":\"done\",\"x\":1900000000}", "{{{{" })
        {
            var signed = "bzc1.old." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
            var token = signed + "." + Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed)));

            Assert.Equal(CallbackTokenStatus.Malformed, this.Tokens(OldKey).Validate(token, CallHomeEvents.Done, out _));
        }
    }

    [Theory]
    [InlineData("", 1, "done")]
    [InlineData("../x", 1, "done")]
    [InlineData("compile", 0, "done")]
    [InlineData("compile", 1, "finished")]
    public void Issue_ClaimsNoCallbackCanCarry_Throws(string step, int attempt, string @event) =>
        Assert.Throws<ArgumentException>(() => this.Tokens(OldKey).Issue(new CallbackClaims("i", "run-1", step, attempt, @event, Now)));

    [Fact]
    public void CreateCallHome_BothEndpoints_EachWithItsOwnTokenUntilDeadlinePlusGrace()
    {
        var tokens = this.Tokens(OldKey);
        var deadline = Now.AddMinutes(30);

        var callHome = tokens.CreateCallHome(new CallbackAttempt("run-1", "run-1", "compile", 2), new Uri("https://bazaar.example/base"), deadline);

        Assert.Equal(new Uri("https://bazaar.example/base/api/callbacks/started"), callHome.Started.Url);
        Assert.Equal(new Uri("https://bazaar.example/base/api/callbacks/done"), callHome.Done.Url);
        Assert.Equal(CallbackTokenStatus.Valid, tokens.Validate(callHome.Started.Token, CallHomeEvents.Started, out var started));
        Assert.Equal(CallbackTokenStatus.Valid, tokens.Validate(callHome.Done.Token, CallHomeEvents.Done, out var done));
        Assert.Equal(new CallbackClaims("run-1", "run-1", "compile", 2, "started", deadline + new CallHomeOptions().Grace), started);
        Assert.Equal("done", done!.Event);
        Assert.Equal(CallbackTokenStatus.WrongEvent, tokens.Validate(callHome.Started.Token, CallHomeEvents.Done, out _));
    }

    [Fact]
    public void CreateCallHome_NoCallbackUrl_FailsAsMisconfiguredNamingTheSetting()
    {
        var error = Assert.Throws<BazaarException>(() => this.Tokens(OldKey).CreateCallHome(new CallbackAttempt("r", "r", "s", 1), Now));

        Assert.Contains("BAZAAR_CALLBACK_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EventName_UniquePerStepAttemptAndEvent()
    {
        var names = new[] { ("a", 1, "started"), ("a", 1, "done"), ("a", 2, "done"), ("b", 1, "done") }
            .Select(n => CallHomeEvents.Name(n.Item1, n.Item2, n.Item3)).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("callhome:compile:3:done", Claims().EventName);
    }

    [Fact]
    public void LedgerKey_SameForTheSameAttemptsEventWhateverTheExpiry()
    {
        Assert.Equal(Claims().LedgerKey(), (Claims() with { ExpiresAt = Now }).LedgerKey());
        Assert.NotEqual(Claims().LedgerKey(), Claims(CallHomeEvents.Started).LedgerKey());
        Assert.Matches("^[0-9a-f]{64}$", Claims().LedgerKey());
    }

    [Fact]
    public void Validate_RandomEditsOfAGenuineToken_NeverValidAndNeverThrow()
    {
        var tokens = this.Tokens(OldKey);
        var genuine = tokens.Issue(Claims());
        var random = new Random(17);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \u00e9";

        for (var i = 0; i < 5000; i++)
        {
            var chars = genuine.ToList();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0: chars[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                    case 1: chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                    default: chars.RemoveAt(at); break;
                }
            }

            var edited = new string([.. chars]);
            if (edited != genuine)
            {
                Assert.NotEqual(CallbackTokenStatus.Valid, tokens.Validate(edited, CallHomeEvents.Done, out _));
            }
        }
    }

    private CallbackTokens Tokens(string keys) =>
        new(Options.Create(new CallHomeOptions { Keys = CallbackKeyRing.Parse(keys) }), this.clock);
}
