using System.Globalization;

namespace Bazaar.Graphs;

/// <summary>
/// One budget on everything a graph file's readers build: every map, list and scalar counts, and an
/// alias counts as a whole copy of its anchor, because the loader walks it once per use. A 1 MiB
/// YAML file whose anchor of 20,000 entries is aliased by 3,000 steps is 60 million entries to
/// build; the budget refuses it the moment the count passes <see cref="MaxValues"/>, before the
/// loader builds anything from it, so memory stays flat whatever the file says.
/// </summary>
internal sealed class GraphBudget(ProblemList problems)
{
    /// <summary>
    /// How many values (maps, lists and scalars, aliases expanded) a graph may amount to. A
    /// 20,000-step graph is about 250,000; a 1 MiB file written without aliases at most about
    /// 500,000, so only aliases or a file of many megabytes come near it.
    /// </summary>
    public const long MaxValues = 2_000_000;

    /// <summary>How many aliases (<c>*name</c>) a file may use; real graphs use a few, a generated one one per step.</summary>
    public const int MaxAliases = 50_000;

    private int aliases;

    /// <summary>Gets how many values have been counted so far.</summary>
    public long Used { get; private set; }

    /// <summary>Counts one value made where the file says.</summary>
    /// <exception cref="GraphTooLargeException">The graph passes <see cref="MaxValues"/>.</exception>
    public void Spend(int line, int column) => this.Spend(1, line, column, alias: null);

    /// <summary>Counts an alias: one more alias, and a copy of every value its anchor holds.</summary>
    /// <exception cref="GraphTooLargeException">The graph passes <see cref="MaxValues"/> or <see cref="MaxAliases"/>.</exception>
    public void SpendAlias(string alias, long anchorValues, int line, int column)
    {
        if (++this.aliases > MaxAliases)
        {
            throw this.Refuse(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"the file uses more than {MaxAliases:N0} aliases ('*{alias}' is one too many); Bazaar refuses it before building the graph, because each alias is a copy of its anchor to build — write the values out, or use an alias for a small shared part only"),
                line,
                column);
        }

        this.Spend(anchorValues, line, column, alias);
    }

    private void Spend(long count, int line, int column, string? alias)
    {
        this.Used += count;
        if (this.Used <= MaxValues)
        {
            return;
        }

        var where = alias is null
            ? "this value takes it past that"
            : string.Create(CultureInfo.InvariantCulture, $"alias '*{alias}' here takes it past that: it copies {count:N0} values");
        throw this.Refuse(
            string.Create(
                CultureInfo.InvariantCulture,
                $"the graph expands to more than {MaxValues:N0} values (maps, lists and scalars, each alias counted as a full copy of its anchor); {where}. Bazaar refuses it before building it, so a small file cannot make the host build millions of entries (a YAML alias bomb) — alias only small shared parts, or split the graph into several"),
            line,
            column);
    }

    private GraphTooLargeException Refuse(string message, int line, int column)
    {
        problems.Add(message, line, column);
        return new GraphTooLargeException([.. problems.Items]);
    }
}
