namespace Bazaar.Graphs;

/// <summary>What is wrong with one of a remote's settings.</summary>
/// <param name="Setting">The setting's key (<c>memory</c>), or <see langword="null"/> for the remote as a whole.</param>
/// <param name="Message">What is wrong and what to write instead, without the step's or remote's name (the validator adds it).</param>
public sealed record RemoteSettingProblem(string? Setting, string Message);
