using System.ComponentModel.DataAnnotations;

namespace Bazaar.Remotes.Process;

/// <summary>Settings of the <c>process</c> remote, which runs each step as a local process.</summary>
public sealed class ProcessRemoteOptions
{
    /// <summary>Gets or sets the shell a step's <c>run:</c> string runs through, as <c>{Shell} -c {script}</c>.</summary>
    /// <value>Default <c>/bin/sh</c>. A bare name is looked up on the step's <c>PATH</c>.</value>
    [Required]
    public string Shell { get; set; } = "/bin/sh";

    /// <summary>
    /// Gets or sets a value indicating whether a step starts from this host's environment variables.
    /// When <see langword="false"/>, a step sees only the <c>BAZAAR_*</c> variables and its own <c>env:</c>.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool InheritEnvironment { get; set; } = true;

    /// <summary>
    /// Gets or sets the longest line, in characters, written to the step's log as one line; a longer line
    /// (a binary blob, a minified file) is split, so output is never held in memory whole.
    /// </summary>
    /// <value>Default 65536.</value>
    [Range(256, 16 * 1024 * 1024)]
    public int MaxLineLength { get; set; } = 64 * 1024;

    /// <summary>
    /// Gets or sets a value indicating whether processes a step started and left running after its own
    /// process exited (<c>server &amp;</c>, daemons) are killed when the step ends. On timeout or
    /// cancellation they are always killed. Linux only: they are found by an environment marker
    /// (<c>BAZAAR_PROCESS_TREE</c>) they inherit.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool KillLeftoverProcesses { get; set; } = true;

    /// <summary>
    /// Gets or sets how long to keep reading a step's output after its process exited, for processes
    /// that still hold its output open. After that the rest of the output is dropped.
    /// </summary>
    /// <value>Default 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan OutputDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
