using Bazaar.Remotes;
using Bazaar.Testing;

namespace Bazaar.Remoting.Tests.Security;

/// <summary>
/// Issue 14: a secret's value never reaches the step log, whatever shape it has (a PEM key, a JSON
/// credential) and however the output is cut into writes (lines, the pump's pieces of a long line,
/// two writes of one value); a SAS signature a remote echoes back is redacted too.
/// </summary>
public sealed class LogRedactionTests
{
    private const string Pem = """
        -----BEGIN PRIVATE KEY-----
        MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj
        MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu
        NMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ
        -----END PRIVATE KEY-----
        """;

    private const string JsonCredential = "{\n  \"type\": \"service_account\",\n  \"private_key_id\": \"4f1c2b9a7d\",\n  \"client_secret\": \"Zq8~vB2.kL9pXr\"\n}\n";

    private readonly RecordingStepLog sink = new();

    [Fact]
    public async Task WriteLine_PemKeyPrintedLineByLine_NoLineOfTheKeyReachesTheLog()
    {
        var ct = TestTimeout.Token();
        var log = this.Log(Pem + "\n");

        await WriteLinesAsync(log, ["before", .. Pem.Split('\n'), "after"], ct);
        await log.DisposeAsync();

        Assert.Equal(["before", SecretRedactor.Mask, "after"], this.sink.Lines);
    }

    [Fact]
    public async Task WriteLine_JsonCredentialPrintedInsideOtherOutput_IsRedactedWhole()
    {
        var ct = TestTimeout.Token();
        var log = this.Log(JsonCredential);

        await WriteLinesAsync(log, ["creds: {", .. JsonCredential.TrimEnd('\n').Split('\n')[1..], "done"], ct);
        await log.DisposeAsync();

        var text = string.Join('\n', this.sink.Lines);
        Assert.DoesNotContain("Zq8~vB2.kL9pXr", text, StringComparison.Ordinal);
        Assert.DoesNotContain("4f1c2b9a7d", text, StringComparison.Ordinal);
        Assert.Contains("done", this.sink.Lines);
    }

    [Fact]
    public async Task WriteLine_SecretWithCrLfLineEndingsPrintedWithLf_IsRedacted()
    {
        var ct = TestTimeout.Token();
        var log = this.Log("line-one-of-secret\r\nline-two-of-secret\r\n");

        await WriteLinesAsync(log, ["x", "line-one-of-secret", "line-two-of-secret", "y"], ct);
        await log.DisposeAsync();

        Assert.Equal(["x", SecretRedactor.Mask, "y"], this.sink.Lines);
    }

    [Fact]
    public async Task WriteLine_SecretSplitAcrossTwoWrites_IsRedacted()
    {
        var ct = TestTimeout.Token();
        var log = this.Log("hunter2-correct-horse-battery");

        await log.WriteLineAsync("token=hunter2-corr", ct);
        await log.WriteLineAsync("ect-horse-battery; done", ct);
        await log.DisposeAsync();

        Assert.Equal(["token=***; done"], this.sink.Lines);
    }

    [Fact]
    public async Task WriteLine_MultiLineSecretCutAtEveryPossiblePlace_NeverReachesTheLog()
    {
        var ct = TestTimeout.Token();
        const string secret = "line-a-of-key\nline-b-of-key\nline-c";
        var printed = "x line-a-of-key\nline-b-of-key\nline-c y";
        for (var cut = 0; cut <= printed.Length; cut++)
        {
            var sink = new RecordingStepLog();
            var log = new RedactingStepLog(sink, new SecretRedactor([secret]));

            // The text as lines, with one of them also cut in two writes at the chosen place.
            var writes = new List<string>();
            var offset = 0;
            foreach (var line in printed.Split('\n'))
            {
                var inLine = cut - offset;
                if (inLine > 0 && inLine < line.Length)
                {
                    writes.Add(line[..inLine]);
                    writes.Add(line[inLine..]);
                }
                else
                {
                    writes.Add(line);
                }

                offset += line.Length + 1;
            }

            await WriteLinesAsync(log, writes, ct);
            await log.DisposeAsync();

            // A cut outside the secret stays a line break; the secret and the breaks in it are one mask.
            Assert.Equal("x *** y", string.Concat(sink.Lines));
        }
    }

    [Fact]
    public async Task PumpAsync_SecretStraddlesTheSplitOfALongLine_IsRedacted()
    {
        var ct = TestTimeout.Token();
        var secret = "s3cr3t-" + new string('k', 40);
        var log = this.Log(secret);

        // The pump writes a line longer than maxLineLength in pieces; the secret starts 10 characters
        // before the first cut and ends in the second piece.
        await OutputPump.PumpAsync(new StringReader(new string('a', 246) + secret + " tail\nnext\n"), log, 256, ct);
        await log.DisposeAsync();

        var text = string.Concat(this.sink.Lines);
        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        Assert.Contains(new string('a', 246) + "*** tail", text, StringComparison.Ordinal);
        Assert.Equal("next", this.sink.Lines[^1]);
    }

    [Fact]
    public async Task WriteLine_TextThatCannotStartASecret_IsPassedOnAtOnce()
    {
        var ct = TestTimeout.Token();
        var log = this.Log("zebra-crossing-secret");

        await log.WriteLineAsync("nothing to hide", ct);

        Assert.Equal(["nothing to hide"], this.sink.Lines);
    }

    [Fact]
    public async Task WriteLine_LineEndingInTheStartOfASecret_IsHeldBackOnlyUntilTheNextWriteAndShownInTheTail()
    {
        var ct = TestTimeout.Token();
        var log = this.Log("zebra-crossing-secret");

        await log.WriteLineAsync("then zebra-cross", ct);
        var heldBack = this.sink.Lines.Count;
        var tail = log.Tail();
        await log.WriteLineAsync("ing nothing", ct);

        Assert.Equal(0, heldBack);
        Assert.Equal(["then zebra-cross"], tail);
        Assert.Equal(["then zebra-cross", "ing nothing"], this.sink.Lines);
    }

    [Fact]
    public async Task WriteLine_ManyLinesWithPartialMatches_HoldsBackAtMostTheLongestSecretLessOne()
    {
        var ct = TestTimeout.Token();
        var secret = "abcdefghij";
        var log = this.Log(secret);

        for (var i = 0; i < 1000; i++)
        {
            await log.WriteLineAsync("xx abcdefghi", ct);
            var passedOn = this.sink.Lines.Count;
            Assert.InRange(passedOn, i, i + 1);
        }

        await log.DisposeAsync();
        Assert.Equal(1000, this.sink.Lines.Count);
    }

    [Fact]
    public async Task WriteLine_SasUrlEchoedByARemote_SignatureIsRedactedWithoutSecrets()
    {
        var ct = TestTimeout.Token();
        var log = new RedactingStepLog(this.sink, new SecretRedactor([]));

        await log.WriteLineAsync("GET https://acct.blob.core.windows.net/bazaar/cas/x?sv=2025-01-05&se=2026-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=AbC%2Bd%2Fe%3D&rscd=x failed", ct);
        await log.DisposeAsync();

        var line = Assert.Single(this.sink.Lines);
        Assert.Equal("GET https://acct.blob.core.windows.net/bazaar/cas/x?sv=2025-01-05&se=2026-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=***&rscd=x failed", line);
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net/bazaar/cas/x?sv=2025-01-05&sr=b&sp=r&sig=AbCdEfGh%2Bd%2Fe%3D&rscd=x", "AbCdEfGh")]
    [InlineData("next=https%3A%2F%2Fa%2Fc%3Fsp%3Dr%26sig%3DZm9vYmFyYmF6%252Bx%26se%3D1", "Zm9vYmFyYmF6")]
    [InlineData("{\"url\":\"https://a/c?sp=r\\u0026sig=Zm9vYmFyYmF6\\u0026se=1\"}", "Zm9vYmFyYmF6")]
    public async Task PumpAsync_SasUrlInALongLineCutAtEveryPlace_NoPieceOfTheSignatureReachesTheLog(string url, string signature)
    {
        var ct = TestTimeout.Token();
        for (var cut = 1; cut < url.Length; cut++)
        {
            var sink = new RecordingStepLog();
            var log = new RedactingStepLog(sink, new SecretRedactor([]));

            // The line is longer than maxLineLength: the pump cuts it after 'cut' characters of the URL.
            await OutputPump.PumpAsync(new StringReader(new string('a', 40) + url + " done\nnext\n"), log, 40 + cut, ct);
            await log.DisposeAsync();

            var text = string.Concat(sink.Lines);
            for (var piece = 3; piece <= signature.Length; piece++)
            {
                for (var start = 0; start + piece <= signature.Length; start++)
                {
                    Assert.True(
                        !sink.Lines.Any(l => l.Contains(signature.Substring(start, piece), StringComparison.Ordinal)),
                        $"cut after {cut}: '{signature.Substring(start, piece)}' reached the log in [{string.Join("|", sink.Lines)}]");
                }
            }

            // Nothing else is lost: the pieces put together are the redacted line.
            Assert.Equal(new string('a', 40) + SecretRedactor.RedactSas(url) + " donenext", text);
        }
    }

    [Theory]
    [InlineData("url: https://a.blob.core.windows.net/c/b?sig=Zm9v%2Bbar%3D", "url: https://a.blob.core.windows.net/c/b?sig=***")]
    [InlineData("{\"url\":\"https://a/c?sp=r\\u0026sig=Zm9vYmFy\"}", "{\"url\":\"https://a/c?sp=r\\u0026sig=***\"}")]
    [InlineData("next=https%3A%2F%2Fa%2Fc%3Fsp%3Dr%26sig%3DZm9v%252Bx%26se%3D1", "next=https%3A%2F%2Fa%2Fc%3Fsp%3Dr%26sig%3D***%26se%3D1")]
    [InlineData("SIG=abc&x=1", "SIG=***&x=1")]
    [InlineData("signature=kept; design=kept", "signature=kept; design=kept")]
    public void RedactSas_SignatureInAnyEscaping_IsRedacted(string text, string expected)
    {
        Assert.Equal(expected, SecretRedactor.RedactSas(text));
    }

    [Fact]
    public void Redact_ErrorHoldingAMultiLineSecretAndASasUrl_RedactsBoth()
    {
        var redactor = new SecretRedactor([Pem + "\n"]);

        var error = redactor.Redact($"step failed; last lines:\n{Pem}\nupload to https://a/c?sv=1&sig=c2VjcmV0 refused");

        Assert.Equal("step failed; last lines:\n***\nupload to https://a/c?sv=1&sig=*** refused", error);
    }

    private static async Task WriteLinesAsync(RedactingStepLog log, IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        foreach (var line in lines)
        {
            await log.WriteLineAsync(line, cancellationToken);
        }
    }

    private RedactingStepLog Log(params string[] secrets) => new(this.sink, new SecretRedactor(secrets));
}
