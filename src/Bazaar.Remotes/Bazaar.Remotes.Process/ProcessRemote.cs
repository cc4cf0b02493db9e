using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Bazaar.Graphs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.Process;

/// <summary>
/// The <c>process</c> remote: runs a step as a local process in its workspace, streams its output to
/// the step log, and kills everything it started on timeout or cancellation. It takes no settings in a
/// graph (its options are the host's) and tells the graph validator so.
/// </summary>
/// <param name="options">The remote's settings.</param>
/// <param name="logger">The host's log.</param>
/// <param name="timeProvider">The clock the step timeout runs on.</param>
internal sealed class ProcessRemote(IOptions<ProcessRemoteOptions> options, ILogger<ProcessRemote> logger, TimeProvider timeProvider)
    : IRemote, IRemoteSettingsValidator
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly ProcessRemoteOptions options = options.Value;

    /// <inheritdoc/>
    public string Type => "process";

    /// <inheritdoc/>
    public IEnumerable<RemoteSettingProblem> ValidateSettings(RemoteDefinition remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return remote.Settings.Keys.Order(StringComparer.Ordinal).Select(key => new RemoteSettingProblem(
            key,
            $"process setting '{key}' is not known; the process remote takes no settings in a graph (the shell, the environment and the rest are the host's ProcessRemoteOptions): remove it, or use a remote type that takes it, such as docker"));
    }

    /// <inheritdoc/>
    public async Task<RemoteResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        this.CheckSettings(context);
        var run = context.Step.Run;
        if (run is null)
        {
            return RemoteResult.Success;
        }

        var workspace = await context.Workspace.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var marker = new ProcessTreeMarker();
        var (startInfo, program) = this.CreateStartInfo(context, run, workspace, marker);
        startInfo.Environment.TryGetValue("PATH", out var searchPath);
        var resolution = ProgramResolver.Resolve(program, workspace, searchPath);
        if (resolution.FullPath is null)
        {
            return await this.NotStartedAsync(context, program, resolution.Problem!, resolution.ExitCode).ConfigureAwait(false);
        }

        startInfo.FileName = resolution.FullPath;
        var process = new System.Diagnostics.Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            var problem = $"'{resolution.FullPath}' could not be started ({ex.Message}); check that it is a program for this machine (a script needs a #! line) and that it is executable";
            return await this.NotStartedAsync(context, program, problem, 126).ConfigureAwait(false);
        }

        using var stepProcess = new StepProcess(process, context, marker, this.options, logger, timeProvider);
        logger.ProcessStarted(context.Step.Name, context.Attempt, resolution.FullPath, process.Id);
        return await stepProcess.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private (ProcessStartInfo StartInfo, string Program) CreateStartInfo(StepContext context, StepCommand run, string workspace, ProcessTreeMarker marker)
    {
        var startInfo = new ProcessStartInfo
        {
            WorkingDirectory = workspace,
            UseShellExecute = false,
            CreateNoWindow = true,

            // Stdin is redirected only to be closed at once: a step must not read the host's terminal.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };

        if (!this.options.InheritEnvironment)
        {
            startInfo.Environment.Clear();
        }
        else
        {
            // The host's own credentials (its storage key, cloud and CI tokens) stay on the host: the
            // step's command is the graph's, and whoever submitted the graph must not read them.
            foreach (var name in startInfo.Environment.Keys.Where(HostOnlyVariables.Contains).ToList())
            {
                startInfo.Environment.Remove(name);
            }

            // Another step's secret is in this host's environment too; inheriting it would hand it
            // to a step that did not ask for it, and whose log does not expect to redact it.
            foreach (var name in context.WithheldVariables)
            {
                startInfo.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in context.Environment)
        {
            startInfo.Environment[name] = value;
        }

        startInfo.Environment[ProcessTreeMarker.VariableName] = marker.Value;

        if (run.Shell is not null)
        {
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(run.Shell);
            return (startInfo, this.options.Shell);
        }

        var args = run.Args ?? [];
        for (var i = 1; i < args.Count; i++)
        {
            startInfo.ArgumentList.Add(args[i]);
        }

        return (startInfo, args.Count > 0 ? args[0] : string.Empty);
    }

    /// <summary>Checks the step's settings again when it runs: a graph may reach a host without being validated there.</summary>
    private void CheckSettings(StepContext context)
    {
        var problems = this.ValidateSettings(context.Remote).ToList();
        if (problems.Count > 0)
        {
            var remote = context.Remote.Name is { } name ? $"remote '{name}' of step '{context.Step.Name}'" : $"step '{context.Step.Name}'";
            throw new ProcessRemoteException($"{remote} has bad process settings: {string.Join("; ", problems.Select(p => p.Message))}") { Kind = FailureKind.Misconfigured };
        }
    }

    private async Task<RemoteResult> NotStartedAsync(StepContext context, string program, string problem, int exitCode)
    {
        logger.ProcessNotStarted(context.Step.Name, program, problem);
        var message = $"step '{context.Step.Name}' could not start: {problem}";
        await context.Log.WriteLineAsync($"[bazaar] {message}", CancellationToken.None).ConfigureAwait(false);
        return new RemoteResult { ExitCode = exitCode, Message = message };
    }
}
