using Bazaar.Remotes;

namespace Bazaar.Testing;

/// <summary>An <see cref="IStepWorkspace"/> over a folder the test made; it counts how often it was prepared.</summary>
/// <param name="path">The folder; created on the first <see cref="PrepareAsync"/> if missing.</param>
public sealed class FakeStepWorkspace(string path) : IStepWorkspace
{
    private int prepareCount;

    /// <summary>Gets the folder's full path.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Gets how many times <see cref="PrepareAsync"/> was called.</summary>
    public int PrepareCount => Volatile.Read(ref this.prepareCount);

    /// <summary>Gets or sets the URLs <see cref="GetProductUrlsAsync"/> hands out; none by default.</summary>
    public StepProductUrls Urls { get; set; } = StepProductUrls.Empty;

    /// <summary>Gets the expiry the last <see cref="GetProductUrlsAsync"/> asked for.</summary>
    public DateTimeOffset? UrlsExpireOn { get; private set; }

    /// <inheritdoc/>
    public Task<StepProductUrls> GetProductUrlsAsync(DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        this.UrlsExpireOn = expiresOn;
        return Task.FromResult(this.Urls with { ExpiresOn = expiresOn });
    }

    /// <inheritdoc/>
    public Task<string> PrepareAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref this.prepareCount);
        Directory.CreateDirectory(this.Path);
        return Task.FromResult(this.Path);
    }
}
