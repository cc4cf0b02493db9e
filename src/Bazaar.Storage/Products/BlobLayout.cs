using System.Text.RegularExpressions;

namespace Bazaar.Products;

/// <summary>
/// The blob names of the store (DESIGN.md, "Products"), and the checks that keep names from
/// reaching outside their place: callers validate names already, this defends the blob layout anyway.
/// Public is only what callers share with the store: the digest format (<see cref="DigestOf"/>) and
/// which run ids and names it accepts; the blob names themselves are the store's own.
/// </summary>
public static partial class BlobLayout
{
    /// <summary>The digest prefix of the only algorithm stored today.</summary>
    internal const string Sha256Prefix = "sha256:";

    /// <summary>Gets the content blob of a digest, <c>cas/sha256/&lt;hex&gt;</c>.</summary>
    /// <param name="digest">A digest, <c>sha256:&lt;lowercase hex&gt;</c>.</param>
    /// <returns>The blob name.</returns>
    internal static string Content(string digest) => "cas/sha256/" + HexOf(digest);

    /// <summary>Gets the blob of a product's reference.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="name">The product.</param>
    /// <returns>The blob name.</returns>
    internal static string Product(string runId, string name) =>
        $"runs/{CheckRunId(runId)}/products/{CheckName(name, "product")}.json";

    /// <summary>Gets the blob of a step's record.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <returns>The blob name.</returns>
    internal static string StepRecord(string runId, string step) =>
        $"runs/{CheckRunId(runId)}/steps/{CheckName(step, "step")}.json";

    /// <summary>Gets the folder of a run's step records, <c>runs/&lt;runId&gt;/steps/</c>.</summary>
    /// <param name="runId">The run.</param>
    /// <returns>The prefix.</returns>
    internal static string Products(string runId) => $"runs/{CheckRunId(runId)}/products/";

    internal static string CacheEntry(string key) => "cache/" + HexOf(key) + ".json";

    internal static string StepRecords(string runId) => $"runs/{CheckRunId(runId)}/steps/";

    /// <summary>
    /// Gets the blob a payload remote uploads an output to, <c>runs/&lt;runId&gt;/uploads/&lt;step&gt;/&lt;attempt&gt;/&lt;name&gt;</c>;
    /// the activity moves it into content storage by digest and removes it.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <param name="name">The product.</param>
    /// <returns>The blob name.</returns>
    internal static string Upload(string runId, string step, int attempt, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        return $"runs/{CheckRunId(runId)}/uploads/{CheckName(step, "step")}/{attempt}/{CheckName(name, "product")}";
    }

    /// <summary>
    /// Gets the blob of one shard's step results, <c>runs/&lt;runId&gt;/shards/&lt;shard&gt;.json</c>:
    /// a run walked in shards keeps each step's full result there rather than in its orchestration's output.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="shard">The shard's index.</param>
    /// <returns>The blob name.</returns>
    internal static string ShardResult(string runId, int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        return $"runs/{CheckRunId(runId)}/shards/{shard}.json";
    }

    /// <summary>Gets a run's cancel request, <c>runs/&lt;runId&gt;/cancel.json</c>.</summary>
    /// <param name="runId">The run.</param>
    /// <returns>The blob name.</returns>
    internal static string CancelRequest(string runId) => $"runs/{CheckRunId(runId)}/cancel.json";

    /// <summary>
    /// Gets a call-home callback's entry in the single-use ledger, <c>runs/&lt;runId&gt;/callbacks/&lt;key&gt;</c>:
    /// its existence means the callback was taken.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="key">The callback's key, 64 lowercase hex digits.</param>
    /// <returns>The blob name.</returns>
    internal static string Callback(string runId, string key) =>
        $"runs/{CheckRunId(runId)}/callbacks/{HexOf(Sha256Prefix + key)}";

    /// <summary>Gets the blob of a step attempt's log.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="step">The step.</param>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <returns>The blob name.</returns>
    internal static string Log(string runId, string step, int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        return $"runs/{CheckRunId(runId)}/steps/{CheckName(step, "step")}/{attempt}.log";
    }

    /// <summary>Formats a SHA-256 hash as a digest.</summary>
    /// <param name="hash">The 32-byte hash.</param>
    /// <returns><c>sha256:&lt;lowercase hex&gt;</c>.</returns>
    public static string DigestOf(ReadOnlySpan<byte> hash) => Sha256Prefix + Convert.ToHexStringLower(hash);

    /// <summary>Gets the hex part of a digest, refusing anything that is not a well-formed SHA-256 digest.</summary>
    /// <param name="digest">The digest.</param>
    /// <returns>The 64 lowercase hex digits.</returns>
    /// <exception cref="BazaarException">The digest is malformed.</exception>
    internal static string HexOf(string digest)
    {
        if (digest is null || !DigestPattern().IsMatch(digest))
        {
            throw new BazaarException(
                $"The digest '{digest}' is not of the form sha256:<64 lowercase hex digits>; the product reference is damaged or was not written by Bazaar.");
        }

        return digest[Sha256Prefix.Length..];
    }

    /// <summary>Refuses a product or step name that could reach outside its place in the blob layout.</summary>
    /// <param name="name">The name.</param>
    /// <param name="what">What the name is of, for the message.</param>
    /// <returns>The name.</returns>
    /// <exception cref="BazaarException">The name is not allowed.</exception>
    internal static string CheckName(string name, string what)
    {
        if (name is null || name is "." or ".." || !NamePattern().IsMatch(name))
        {
            throw new BazaarException(
                $"The {what} name '{name}' is not allowed: names are 1 to 64 of A-Z, a-z, 0-9, '.', '_' and '-', and not '.' or '..'. Rename the {what} in the graph.");
        }

        return name;
    }

    /// <summary>Tells whether a step or product name may be used in the blob layout.</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when it is allowed.</returns>
    public static bool IsValidName(string? name) => name is not null and not "." and not ".." && NamePattern().IsMatch(name);

    /// <summary>Tells whether a run id may be used in the blob layout.</summary>
    /// <param name="runId">The run id.</param>
    /// <returns><see langword="true"/> when it is allowed.</returns>
    public static bool IsValidRunId(string? runId) => runId is not null and not "." and not ".." && RunIdPattern().IsMatch(runId);

    /// <summary>Refuses a run id that could reach outside its place in the blob layout.</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>The run id.</returns>
    /// <exception cref="BazaarException">The run id is not allowed.</exception>
    internal static string CheckRunId(string runId)
    {
        if (runId is null || runId is "." or ".." || !RunIdPattern().IsMatch(runId))
        {
            throw new BazaarException(
                $"The run id '{runId}' is not allowed: run ids are 1 to 128 of A-Z, a-z, 0-9, '.', '_', ':' and '-', and not '.' or '..'.");
        }

        return runId;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9._:-]{1,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RunIdPattern();

    [GeneratedRegex(@"^sha256:[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();
}
