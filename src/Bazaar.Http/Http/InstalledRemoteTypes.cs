using Bazaar.Remotes;

namespace Bazaar.Http;

/// <summary>The remote types this host has installed, which a submitted graph may name.</summary>
/// <param name="remotes">The registered remotes.</param>
public sealed class InstalledRemoteTypes(IEnumerable<IRemote> remotes)
{
    /// <summary>Gets the types, e.g. <c>process</c>; validating a graph against them also checks each remote's settings.</summary>
    public IReadOnlySet<string> Types { get; } = new RemoteTypeSet(remotes);
}
