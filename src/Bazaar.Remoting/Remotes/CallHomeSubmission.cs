namespace Bazaar.Remotes;

/// <summary>What submitting an attempt to an <see cref="IAnsweringCallHomeRemote"/> gave.</summary>
/// <param name="Job">The job's name (no secret: it travels through the orchestration's history).</param>
/// <param name="Response">The answer, when the service gave it at once: the attempt ends in the activity.</param>
/// <param name="NextCheck">When to ask about the job first (a <c>Retry-After</c>); <see langword="null"/> for the run's usual check.</param>
public sealed record CallHomeSubmission(string Job, RemoteStepResponse? Response = null, TimeSpan? NextCheck = null);
