namespace Bazaar.Testing;

/// <summary>Timeout tokens for async tests: a hang fails fast with a message instead of stalling CI.</summary>
public static class TestTimeout
{
    /// <summary>The default time a test may take.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>Gets a token cancelled after <paramref name="timeout"/> (30 s by default).</summary>
    /// <param name="timeout">How long the test may take.</param>
    /// <returns>A token; the source is left to the finalizer, which is fine for tests.</returns>
    public static CancellationToken Token(TimeSpan? timeout = null) =>
        new CancellationTokenSource(timeout ?? Default).Token;
}
