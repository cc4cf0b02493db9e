using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bazaar.Products;
using Bazaar.Remotes;
using Microsoft.Extensions.Options;

namespace Bazaar.CallHome;

/// <summary>
/// Issues and checks call-home tokens: <c>bzc1.&lt;kid&gt;.&lt;base64url(claims)&gt;.&lt;base64url(HMAC-SHA256)&gt;</c>,
/// the MAC taken with key <c>kid</c> over everything before its dot. A token binds the instance, run, step,
/// attempt, event and expiry; it is checked in constant time, against the clock, and against the route's
/// event. Single use is the callback route's part (a ledger in storage), not the token's.
/// </summary>
public sealed class CallbackTokens : Behaviors.ICallHomeEndpoints
{
    /// <summary>The first part of every token this type writes: the format's version.</summary>
    public const string Prefix = "bzc1";

    /// <summary>The longest token read; anything longer is refused before it is looked at.</summary>
    public const int MaxTokenLength = 2048;

    private const int MacBytes = 32;
    private const int MaxInstanceIdLength = 256;

    private readonly IOptions<CallHomeOptions> options;
    private readonly TimeProvider clock;

    /// <summary>Initializes a new instance of the <see cref="CallbackTokens"/> class.</summary>
    /// <param name="options">The keys and the callback URL.</param>
    /// <param name="clock">The clock expiry is checked against.</param>
    public CallbackTokens(IOptions<CallHomeOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        this.options = options;
        this.clock = clock;
    }

    /// <summary>Signs claims with the ring's first key.</summary>
    /// <param name="claims">The claims; the expiry is kept to the second.</param>
    /// <returns>The token: a secret, to hand to the agent and never to log.</returns>
    /// <exception cref="ArgumentException">A claim is not one a callback can carry.</exception>
    /// <exception cref="BazaarException">This host has no callback keys (<see cref="Graphs.FailureKind.Misconfigured"/>).</exception>
    public string Issue(CallbackClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (Problem(claims) is { } problem)
        {
            throw new ArgumentException($"The callback claims are not valid: {problem}.", nameof(claims));
        }

        var keys = this.KeyRing ?? throw new BazaarException(
            "This host has no callback keys, so it cannot hand a call-home remote its tokens. Set BAZAAR_CALLBACK_KEYS " +
            "(kid:base64key, 32 or more random bytes) on the Function App; bazaar serve makes its own.")
        {
            Kind = Graphs.FailureKind.Misconfigured,
        };

        var signed = $"{Prefix}.{keys.SigningKeyId}.{Base64Url.EncodeToString(Payload(claims))}";
        return $"{signed}.{Base64Url.EncodeToString(Mac(keys.SigningKey, signed))}";
    }

    /// <summary>
    /// Checks a token for an event. Never throws on what a client sends: garbage, an oversized or a
    /// truncated token is <see cref="CallbackTokenStatus.Malformed"/>.
    /// </summary>
    /// <param name="token">The token, as sent.</param>
    /// <param name="event">The event the route was called for.</param>
    /// <param name="claims">The token's claims when it is <see cref="CallbackTokenStatus.Valid"/>, else <see langword="null"/>.</param>
    /// <returns>What was found.</returns>
    public CallbackTokenStatus Validate(string? token, string @event, out CallbackClaims? claims)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !IsTokenText(token))
        {
            return CallbackTokenStatus.Malformed;
        }

        var text = token.AsSpan();
        Span<Range> parts = stackalloc Range[5];
        if (text.Split(parts, '.') != 4 || !text[parts[0]].SequenceEqual(Prefix) || !CallbackKeyRing.IsKeyId(text[parts[1]]))
        {
            return CallbackTokenStatus.Malformed;
        }

        Span<byte> mac = stackalloc byte[MacBytes];
        if (!TryDecode(text[parts[3]], mac, out var macLength) || macLength != MacBytes)
        {
            return CallbackTokenStatus.Malformed;
        }

        if (this.KeyRing?.Find(text[parts[1]]) is not { } key)
        {
            return CallbackTokenStatus.UnknownKey;
        }

        var signed = text[..parts[3].Start.GetOffset(text.Length)][..^1];
        if (!CryptographicOperations.FixedTimeEquals(Mac(key, signed), mac))
        {
            return CallbackTokenStatus.BadSignature;
        }

        // Only what the key signed is parsed.
        if (ReadPayload(text[parts[2]]) is not { } read)
        {
            return CallbackTokenStatus.Malformed;
        }

        if (this.clock.GetUtcNow() >= read.ExpiresAt)
        {
            return CallbackTokenStatus.Expired;
        }

        if (!string.Equals(read.Event, @event, StringComparison.Ordinal))
        {
            return CallbackTokenStatus.WrongEvent;
        }

        claims = read;
        return CallbackTokenStatus.Valid;
    }

    /// <summary>
    /// Makes both call-home endpoints of an attempt, each with its own token, valid until
    /// <paramref name="deadline"/> plus <see cref="CallHomeOptions.Grace"/>. Call it inside the activity
    /// that submits the job: tokens must not travel through orchestration inputs or outputs.
    /// </summary>
    /// <param name="attempt">The waiting instance, run, step and attempt.</param>
    /// <param name="callbackUrl">The host's public base URL; the route is <see cref="CallHomeEvents.Path"/> below it.</param>
    /// <param name="deadline">The step's deadline.</param>
    /// <returns>What the request's <see cref="RemoteStepRequest.CallHome"/> carries.</returns>
    public RemoteStepCallHome CreateCallHome(CallbackAttempt attempt, Uri callbackUrl, DateTimeOffset deadline)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(callbackUrl);
        if (!callbackUrl.IsAbsoluteUri || callbackUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The callback URL '{callbackUrl}' is not an absolute http(s) URL.", nameof(callbackUrl));
        }

        var root = callbackUrl.AbsoluteUri.EndsWith('/') ? callbackUrl : new Uri(callbackUrl.AbsoluteUri + "/");
        var expiresAt = deadline + this.options.Value.Grace;
        CallHomeEndpoint Endpoint(string @event) => new(
            new Uri(root, $"{CallHomeEvents.Path}/{@event}"),
            this.Issue(new CallbackClaims(attempt.InstanceId, attempt.RunId, attempt.Step, attempt.Attempt, @event, expiresAt)));
        return new RemoteStepCallHome(Endpoint(CallHomeEvents.Started), Endpoint(CallHomeEvents.Done));
    }

    /// <inheritdoc/>
    public bool TakesCalls => this.options.Value.CallbackUrl is not null;

    /// <inheritdoc/>
    RemoteStepCallHome Behaviors.ICallHomeEndpoints.Create(string instanceId, string runId, string step, int attempt, DateTimeOffset deadline) =>
        this.CreateCallHome(new CallbackAttempt(instanceId, runId, step, attempt), deadline);

    /// <summary>Makes both call-home endpoints of an attempt at <see cref="CallHomeOptions.CallbackUrl"/>.</summary>
    /// <param name="attempt">The waiting instance, run, step and attempt.</param>
    /// <param name="deadline">The step's deadline.</param>
    /// <returns>What the request's <see cref="RemoteStepRequest.CallHome"/> carries.</returns>
    /// <exception cref="BazaarException">No callback URL is set (<see cref="Graphs.FailureKind.Misconfigured"/>).</exception>
    public RemoteStepCallHome CreateCallHome(CallbackAttempt attempt, DateTimeOffset deadline) =>
        this.CreateCallHome(
            attempt,
            this.options.Value.CallbackUrl ?? throw new BazaarException(
                "This host has no callback URL, so a call-home remote would not know where to report. Set BAZAAR_CALLBACK_URL " +
                "to the host's address as the remote sees it, e.g. https://bazaar.example.")
            {
                Kind = Graphs.FailureKind.Misconfigured,
            },
            deadline);

    private CallbackKeyRing? KeyRing => this.options.Value.Keys;

    private static string? Problem(CallbackClaims claims) =>
        string.IsNullOrEmpty(claims.InstanceId) || claims.InstanceId.Length > MaxInstanceIdLength || claims.InstanceId.Any(char.IsControl)
            ? $"the instance id must be 1 to {MaxInstanceIdLength} characters without control characters"
            : !BlobLayout.IsValidRunId(claims.RunId) ? $"'{claims.RunId}' is not a run id"
            : !BlobLayout.IsValidName(claims.Step) ? $"'{claims.Step}' is not a step name"
            : claims.Attempt < 1 ? "the attempt counts from 1"
            : !CallHomeEvents.IsKnown(claims.Event) ? $"'{claims.Event}' is not a call-home event"
            : null;

    private static bool IsTokenText(string token)
    {
        foreach (var c in token)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] Mac(byte[] key, ReadOnlySpan<char> signed)
    {
        // The signed text is ASCII (checked on the way in, and written so on the way out).
        Span<byte> bytes = stackalloc byte[signed.Length];
        Encoding.ASCII.GetBytes(signed, bytes);
        return HMACSHA256.HashData(key, bytes);
    }

    private static byte[] Payload(CallbackClaims claims)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("i", claims.InstanceId);
            json.WriteString("r", claims.RunId);
            json.WriteString("s", claims.Step);
            json.WriteNumber("a", claims.Attempt);
            json.WriteString("e", claims.Event);
            json.WriteNumber("x", claims.ExpiresAt.ToUnixTimeSeconds());
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static CallbackClaims? ReadPayload(ReadOnlySpan<char> encoded)
    {
        var bytes = new byte[Base64Url.GetMaxDecodedLength(encoded.Length)];
        if (!TryDecode(encoded, bytes, out var length))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = 2 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || String(root, "i") is not { } instance || String(root, "r") is not { } run || String(root, "s") is not { } step
                || String(root, "e") is not { } @event
                || !root.TryGetProperty("a", out var a) || !a.TryGetInt32(out var attempt)
                || !root.TryGetProperty("x", out var x) || !x.TryGetInt64(out var expires) || expires is < 0 or > 253402300799)
            {
                return null;
            }

            var claims = new CallbackClaims(instance, run, step, attempt, @event, DateTimeOffset.FromUnixTimeSeconds(expires));
            return Problem(claims) is null ? claims : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Decodes base64url strictly: invalid text is refused rather than thrown on (the decoder throws on a bad
    /// length), and so is any text but the one canonical encoding, so a token cannot be rewritten into another
    /// string that means the same.
    /// </summary>
    private static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        if (!Base64Url.IsValid(text, out var length) || length > destination.Length
            || !Base64Url.TryDecodeFromChars(text, destination, out written))
        {
            return false;
        }

        Span<char> canonical = stackalloc char[Base64Url.GetEncodedLength(written)];
        return Base64Url.TryEncodeToChars(destination[..written], canonical, out var chars) && canonical[..chars].SequenceEqual(text);
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
