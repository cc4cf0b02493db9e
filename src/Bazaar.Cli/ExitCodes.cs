namespace Bazaar.Cli;

/// <summary>What <c>bazaar</c>'s exit codes mean; documented in <c>--help</c> and the README.</summary>
internal static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Success = 0;

    /// <summary>A step failed (or a fetched product was not there).</summary>
    public const int StepFailed = 1;

    /// <summary>The graph is invalid or the command was misused.</summary>
    public const int Invalid = 2;

    /// <summary>Bazaar could not do its job: storage unreachable, the engine failed.</summary>
    public const int Infrastructure = 3;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;

    /// <summary>The exit codes of the verbs that read or control runs (runs, status, logs, cancel, products).</summary>
    public const string ReadHelp =
        "Exit codes: 0 done; 2 the run, step, attempt or product does not exist (the message says where it looked), or the command was misused; " +
        "3 Bazaar could not reach storage; 130 interrupted.";

    public const string Help =
        "Exit codes: 0 every step succeeded; 1 a step failed; 2 the graph is invalid or the command was misused; " +
        "3 Bazaar could not reach storage or the engine failed; 130 interrupted.";
}
