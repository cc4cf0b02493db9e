namespace Bazaar.Remotes.Docker;

/// <summary>When the docker remote pulls a step's image; <c>pull:</c> in a graph file.</summary>
public enum DockerPullPolicy
{
    /// <summary>Pull only when the engine does not have the image (<c>if-not-present</c>).</summary>
    IfNotPresent,

    /// <summary>Pull before every step, so a moving tag is followed (<c>always</c>).</summary>
    Always,

    /// <summary>Never pull; a missing image fails the step (<c>never</c>).</summary>
    Never,
}
