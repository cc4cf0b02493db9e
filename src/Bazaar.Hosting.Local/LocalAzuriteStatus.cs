namespace Bazaar.Hosting;

/// <summary>The local emulator as <c>bazaar info</c> shows it.</summary>
/// <param name="Listening">Whether something answers on its three ports.</param>
/// <param name="ProcessIds">The processes of the emulator a bazaar command started that still run (one per service); empty for none.</param>
/// <param name="Users">The bazaar processes that use it now.</param>
public sealed record LocalAzuriteStatus(bool Listening, IReadOnlyList<int> ProcessIds, IReadOnlyList<int> Users);
