using Bazaar.Testing;

namespace Bazaar.IntegrationTests.Http;

/// <summary>
/// A host folder steps append lines to (an absolute path in their <c>run</c>), so executions can be
/// counted across process restarts, and a release file a step can wait on.
/// </summary>
internal sealed class StepMarkers : IDisposable
{
    private readonly TempDirectory folder = new();

    /// <summary>Gets the folder, for step commands.</summary>
    public string Path => this.folder.Path;

    /// <summary>Gets a shell command that appends <paramref name="what"/> to the marker file <paramref name="name"/>.</summary>
    public string Mark(string name, string what = "ran") => $"echo {what} >> '{System.IO.Path.Combine(this.Path, name)}'";

    /// <summary>Gets a shell command that waits until <see cref="Release"/> was called.</summary>
    public string WaitForRelease() => $"while [ ! -f '{System.IO.Path.Combine(this.Path, "release")}' ]; do sleep 0.1; done";

    /// <summary>Lets every step waiting in <see cref="WaitForRelease"/> carry on.</summary>
    public void Release() => File.WriteAllText(System.IO.Path.Combine(this.Path, "release"), string.Empty);

    /// <summary>Counts the lines saying <paramref name="what"/> in marker file <paramref name="name"/>.</summary>
    public int Count(string name, string what = "ran")
    {
        var file = System.IO.Path.Combine(this.Path, name);
        return File.Exists(file) ? File.ReadAllLines(file).Count(l => l == what) : 0;
    }

    /// <summary>Waits until marker file <paramref name="name"/> holds at least <paramref name="count"/> lines saying <paramref name="what"/>.</summary>
    public async Task WaitForAsync(string name, string what, int count, CancellationToken cancellationToken)
    {
        while (this.Count(name, what) < count)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    public void Dispose() => this.folder.Dispose();
}
