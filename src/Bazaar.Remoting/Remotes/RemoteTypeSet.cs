using System.Collections;
using Bazaar.Graphs;

namespace Bazaar.Remotes;

/// <summary>
/// The remote types a host has installed, which graphs may name; it also carries each remote's
/// <see cref="IRemoteSettingsValidator"/>, so validating a graph against this set checks remote
/// settings too. Any other <see cref="IReadOnlySet{T}"/> of type names checks only the names.
/// </summary>
public sealed class RemoteTypeSet : IReadOnlySet<string>, IRemoteSettingsValidator
{
    private readonly HashSet<string> types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IRemoteSettingsValidator> validators = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="RemoteTypeSet"/> class.</summary>
    /// <param name="remotes">The registered remotes; for a type registered twice the last one counts, as when steps run.</param>
    public RemoteTypeSet(IEnumerable<IRemote> remotes)
    {
        ArgumentNullException.ThrowIfNull(remotes);
        foreach (var remote in remotes)
        {
            this.types.Add(remote.Type);
            if (remote is IRemoteSettingsValidator validator)
            {
                this.validators[remote.Type] = validator;
            }
            else
            {
                this.validators.Remove(remote.Type);
            }
        }
    }

    /// <inheritdoc/>
    public int Count => this.types.Count;

    /// <summary>Checks a remote's settings with its type's validator, if it has one.</summary>
    /// <param name="remote">The remote.</param>
    /// <returns>Every problem found; empty when the settings are good or the type checks none.</returns>
    public IEnumerable<RemoteSettingProblem> ValidateSettings(RemoteDefinition remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return this.validators.TryGetValue(remote.Type, out var validator) ? validator.ValidateSettings(remote) : [];
    }

    /// <inheritdoc/>
    public bool Contains(string item) => this.types.Contains(item);

    /// <inheritdoc/>
    public IEnumerator<string> GetEnumerator() => this.types.GetEnumerator();

    /// <inheritdoc/>
    public bool IsProperSubsetOf(IEnumerable<string> other) => this.types.IsProperSubsetOf(other);

    /// <inheritdoc/>
    public bool IsProperSupersetOf(IEnumerable<string> other) => this.types.IsProperSupersetOf(other);

    /// <inheritdoc/>
    public bool IsSubsetOf(IEnumerable<string> other) => this.types.IsSubsetOf(other);

    /// <inheritdoc/>
    public bool IsSupersetOf(IEnumerable<string> other) => this.types.IsSupersetOf(other);

    /// <inheritdoc/>
    public bool Overlaps(IEnumerable<string> other) => this.types.Overlaps(other);

    /// <inheritdoc/>
    public bool SetEquals(IEnumerable<string> other) => this.types.SetEquals(other);

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => this.GetEnumerator();
}
