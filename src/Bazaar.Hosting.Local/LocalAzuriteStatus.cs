namespace Bazaar.Hosting;

/// <summary>The local emulator as <c>bazaar info</c> shows it.</summary>
/// <param name="Listening">Whether something answers on its three ports.</param>
/// <param name="ProcessId">The emulator a bazaar command started, when it still runs.</param>
/// <param name="Users">The bazaar processes that use it now.</param>
public sealed record LocalAzuriteStatus(bool Listening, int? ProcessId, IReadOnlyList<int> Users);
