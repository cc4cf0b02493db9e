namespace Bazaar.Graphs;

/// <summary>
/// Implemented by a remote that can check its own settings (<c>image:</c>, <c>memory:</c> …) before
/// anything runs. The graph validator asks it when the set of installed types it is given is one
/// too (the host's <c>RemoteTypeSet</c>, which asks each remote), so <c>bazaar validate</c> and the HTTP API report bad settings with the
/// graph's other problems, each naming the step or remote and the setting.
/// </summary>
public interface IRemoteSettingsValidator
{
    /// <summary>Checks a remote's settings.</summary>
    /// <param name="remote">A remote of this remote's type.</param>
    /// <returns>Every problem found; empty when the settings are good.</returns>
    IEnumerable<RemoteSettingProblem> ValidateSettings(RemoteDefinition remote);
}
