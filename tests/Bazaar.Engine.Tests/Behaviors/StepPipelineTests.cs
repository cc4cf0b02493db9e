using System.Text.RegularExpressions;
using Bazaar.Behaviors;
using Bazaar.Testing;

namespace Bazaar.Engine.Tests.Behaviors;

/// <summary>The one declared order of a step's behaviours, and the README that prints it.</summary>
public sealed partial class StepPipelineTests
{
    [Fact]
    public void Behaviors_ReadmesRunBehavioursSection_ListsThemInTheDeclaredOrder()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var section = readme[readme.IndexOf("### Run behaviours", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n#", 1, StringComparison.Ordinal)];

        var listed = NumberedBehavior().Matches(section).Select(m => m.Groups[1].Value);

        Assert.Equal(StepPipeline.Behaviors.Select(b => b.Name), listed);
    }

    [Fact]
    public void Behaviors_Execute_IsLastAndEndsBothHalves()
    {
        var last = StepPipeline.Behaviors[^1];

        Assert.Equal("execute", last.Name);
        Assert.NotNull(last.InOrchestration);
        Assert.NotNull(last.InActivity);
        Assert.Single(StepPipeline.Behaviors, b => b.Name == "execute");
    }

    [Fact]
    public void Behaviors_EachHasItsOwnFolderInTheEngine()
    {
        var root = Path.Combine(RepositoryRoot.Path, "src", "Bazaar.Engine", "Behaviors");

        var missing = StepPipeline.Behaviors
            .Select(b => string.Concat(b.Name.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..])))
            .Where(folder => !Directory.Exists(Path.Combine(root, folder)));

        Assert.Empty(missing);
    }

    [Fact]
    public void Behaviors_NamesAndSummaries_AreDistinctAndSaySomething()
    {
        Assert.Equal(StepPipeline.Behaviors.Count, StepPipeline.Behaviors.Select(b => b.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(StepPipeline.Behaviors, b => Assert.True(b.Summary.Length > 20, $"behaviour '{b.Name}' has no summary"));
        Assert.All(StepPipeline.Behaviors, b => Assert.True(b.InOrchestration is not null || b.InActivity is not null, $"behaviour '{b.Name}' does nothing"));
    }

    [GeneratedRegex(@"^\d+\. \*\*([a-z-]+)\*\*", RegexOptions.Multiline)]
    private static partial Regex NumberedBehavior();
}
