using System.Globalization;
using System.Text;

namespace Bazaar.Testing;

/// <summary>Graph files that expand far past their size through YAML aliases, built in memory.</summary>
public static class AliasBombs
{
    /// <summary>
    /// About 1 MB of YAML: step <c>s</c> has 20,000 <c>env</c> entries and is anchored as <c>&amp;s</c>;
    /// 3,000 more steps are <c>*s</c>. Loaded naively, 60 million environment entries.
    /// </summary>
    /// <returns>The graph file's text.</returns>
    public static string WideAnchorReusedByThousandsOfSteps()
    {
        var yaml = new StringBuilder("name: bomb\nsteps:\n  s: &s\n    run: [true]\n    env:\n", 1 << 20);
        for (var i = 0; i < 20_000; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"      E{i:D5}: value-of-variable-number-{i:D5}\n");
        }

        for (var i = 0; i < 3_000; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  s{i}: *s\n");
        }

        return yaml.ToString();
    }
}
