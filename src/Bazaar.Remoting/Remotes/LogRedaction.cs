using System.Buffers;
using System.Text;

namespace Bazaar.Remotes;

/// <summary>
/// Redacts secrets from a log that arrives a line at a time. The log is read as one text in which
/// each written line ends in a break, and a secret is found across the breaks: a break matches a line
/// ending in the secret (a PEM key printed line by line) and is skipped anywhere else (a long line the
/// output pump split into pieces, a value written in two writes). Text that may still be the start of
/// a secret is held back until the next write decides it, at most the longest secret's length less one
/// character, so memory stays bounded; a match replaces everything it covers, breaks included, with
/// one <see cref="SecretRedactor.Mask"/>. Not thread-safe: <see cref="RedactingStepLog"/> serialises.
/// </summary>
internal sealed class LogRedaction(SecretRedactor redactor)
{
    // Where a secret can start: text up to the next of these is passed on without trying a match.
    private readonly SearchValues<char> firstChars = SearchValues.Create([.. redactor.Values.Select(v => v[0]).Distinct()]);
    private readonly StringBuilder text = new();
    private readonly List<int> breaks = [];
    private readonly StringBuilder line = new();

    private enum Outcome
    {
        None,
        Matched,
        NeedMore,
    }

    /// <summary>Takes a written line; adds to <paramref name="lines"/> the redacted lines now decided.</summary>
    /// <param name="written">The line, without its terminator.</param>
    /// <param name="lines">Receives the lines to pass on.</param>
    public void Write(string written, List<string> lines)
    {
        this.text.Append(written);
        this.breaks.Add(this.text.Length);
        this.Decide(final: false, lines);
    }

    /// <summary>Decides the text held back, as at the end of the log: no more writes will come.</summary>
    /// <param name="lines">Receives the last lines.</param>
    public void Finish(List<string> lines) => this.Decide(final: true, lines);

    /// <summary>Gets the lines held back, redacted as if the log ended now, without deciding them.</summary>
    /// <returns>The lines.</returns>
    public List<string> Peek()
    {
        var copy = new LogRedaction(redactor);
        copy.text.Append(this.text);
        copy.breaks.AddRange(this.breaks);
        copy.line.Append(this.line);
        var lines = new List<string>();
        copy.Finish(lines);
        return lines;
    }

    private void Decide(bool final, List<string> lines)
    {
        // One string per write: the carry and the new line, a few kilobytes; indexing a StringBuilder
        // of several chunks would walk them for every character.
        var text = this.text.ToString();
        var at = 0;
        var nextBreak = 0;
        while (true)
        {
            while (nextBreak < this.breaks.Count && this.breaks[nextBreak] == at)
            {
                lines.Add(SecretRedactor.RedactSas(this.line.ToString()));
                this.line.Clear();
                nextBreak++;
            }

            if (at == text.Length)
            {
                break;
            }

            var (outcome, end, endBreak) = this.Match(text, at, nextBreak, final);
            if (outcome == Outcome.NeedMore)
            {
                break;
            }

            if (outcome == Outcome.Matched)
            {
                this.line.Append(SecretRedactor.Mask);
                (at, nextBreak) = (end, endBreak);
                continue;
            }

            // No secret starts here: pass on everything up to where one could, or to the line's end.
            var stop = nextBreak < this.breaks.Count ? this.breaks[nextBreak] : text.Length;
            var next = text.AsSpan(at + 1, stop - at - 1).IndexOfAny(this.firstChars);
            var until = next < 0 ? stop : at + 1 + next;
            this.line.Append(text, at, until - at);
            at = until;
        }

        this.text.Clear().Append(text, at, text.Length - at);
        this.breaks.RemoveRange(0, nextBreak);
        for (var i = 0; i < this.breaks.Count; i++)
        {
            this.breaks[i] -= at;
        }
    }

    /// <summary>The longest secret that starts at <paramref name="at"/>; undecided while a longer one may still.</summary>
    private (Outcome Outcome, int End, int EndBreak) Match(string text, int at, int nextBreak, bool final)
    {
        (Outcome, int, int) found = (Outcome.None, 0, 0);
        foreach (var secret in redactor.Values)
        {
            if (text[at] != secret[0])
            {
                continue;
            }

            var (outcome, end, endBreak) = this.MatchOne(text, secret, at, nextBreak, final);
            if (outcome == Outcome.NeedMore)
            {
                return (outcome, 0, 0);
            }

            if (outcome == Outcome.Matched && found.Item1 == Outcome.None)
            {
                found = (outcome, end, endBreak);
            }
        }

        return found;
    }

    private (Outcome Outcome, int End, int EndBreak) MatchOne(string text, string secret, int at, int nextBreak, bool final)
    {
        var (i, j, b) = (at, 0, nextBreak);
        while (j < secret.Length)
        {
            if (b < this.breaks.Count && this.breaks[b] == i && i > at)
            {
                // A line break inside the candidate: the secret's own line ending, or a cut to look past.
                b++;
                if (secret[j] == '\n')
                {
                    j++;
                }
                else if (secret[j] == '\r' && j + 1 < secret.Length && secret[j + 1] == '\n')
                {
                    j += 2;
                }

                continue;
            }

            if (i == text.Length)
            {
                return (final ? Outcome.None : Outcome.NeedMore, 0, 0);
            }

            if (text[i] != secret[j])
            {
                return (Outcome.None, 0, 0);
            }

            i++;
            j++;
        }

        return (Outcome.Matched, i, b);
    }
}
