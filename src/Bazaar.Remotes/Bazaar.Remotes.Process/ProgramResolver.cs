namespace Bazaar.Remotes.Process;

/// <summary>
/// Finds the program a step names, the way <c>execvp</c> would from the step's own folder and
/// <c>PATH</c>. <see cref="System.Diagnostics.Process"/> cannot be left to do it: on Unix it looks
/// next to the host's executable and in the host's current folder before <c>PATH</c>, and never in
/// the step's working folder, so <c>./build.sh</c> would not be found and a stray file could win.
/// </summary>
internal static class ProgramResolver
{
    /// <summary>The search path used when the step's environment has no <c>PATH</c>.</summary>
    public const string DefaultPath = "/usr/local/bin:/usr/bin:/bin";

    /// <summary>Finds a program.</summary>
    /// <param name="program">The program as the step wrote it: a bare name, or a path.</param>
    /// <param name="workingDirectory">The step's workspace; relative paths start there.</param>
    /// <param name="searchPath">The step's <c>PATH</c>, or <see langword="null"/>.</param>
    /// <returns>The full path, or why there is none.</returns>
    public static Resolution Resolve(string program, string workingDirectory, string? searchPath)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows resolution (PATHEXT, App Paths) is Process.Start's job; Bazaar targets Linux.
            return new(program, null);
        }

        if (program.Length == 0)
        {
            return new(null, "the program name is empty; give the program to run as the first item of run:");
        }

        if (program.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(program, workingDirectory);
            return Check(full) switch
            {
                FileState.Executable => new(full, null),
                FileState.NotExecutable => new(null, $"'{full}' is not executable; run chmod +x on it, or run it through a shell (sh {program})", 126),
                _ => new(null, $"there is no file '{full}'; check the path (relative paths start in the step's workspace) or that a consumed product puts it there"),
            };
        }

        var path = string.IsNullOrEmpty(searchPath) ? DefaultPath : searchPath;
        string? notExecutable = null;
        foreach (var entry in path.Split(':'))
        {
            // An empty PATH entry means the current folder, which for a step is its workspace.
            var candidate = Path.GetFullPath(Path.Combine(entry.Length == 0 ? "." : entry, program), workingDirectory);
            switch (Check(candidate))
            {
                case FileState.Executable:
                    return new(candidate, null);
                case FileState.NotExecutable:
                    notExecutable ??= candidate;
                    break;
            }
        }

        return notExecutable is null
            ? new(null, $"no program '{program}' on PATH ({path}); install it, add its folder to PATH, or give its full path")
            : new(null, $"'{notExecutable}' is not executable; run chmod +x on it, or give the full path of another '{program}'", 126);
    }

    private static FileState Check(string path)
    {
        if (!File.Exists(path))
        {
            return FileState.Missing;
        }

        if (OperatingSystem.IsWindows())
        {
            return FileState.Executable;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        try
        {
            return (File.GetUnixFileMode(path) & anyExecute) != 0 ? FileState.Executable : FileState.NotExecutable;
        }
        catch (IOException)
        {
            return FileState.Missing;
        }
        catch (UnauthorizedAccessException)
        {
            return FileState.NotExecutable;
        }
    }

    /// <summary>A program found, or why not.</summary>
    /// <param name="FullPath">The program's full path, when found.</param>
    /// <param name="Problem">Why it cannot be run, for a person, when not found.</param>
    /// <param name="ExitCode">The exit code to report when not found: 127 as a shell does, 126 when not executable.</param>
    internal readonly record struct Resolution(string? FullPath, string? Problem, int ExitCode = 127);

    private enum FileState
    {
        Missing,
        NotExecutable,
        Executable,
    }
}
