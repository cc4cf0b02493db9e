using Bazaar.Graphs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.Remotes.Docker;

/// <summary>
/// The <c>docker</c> remote: runs a step in a container of its image with the step's workspace
/// bind-mounted, streams its output to the step log, and removes the container however the step
/// ends. It checks its own settings for the graph validator too.
/// </summary>
/// <param name="options">The remote's settings.</param>
/// <param name="connection">The engine.</param>
/// <param name="logger">The host's log.</param>
/// <param name="timeProvider">The clock the step timeout runs on.</param>
internal sealed class DockerRemote(IOptions<DockerRemoteOptions> options, DockerConnection connection, ILogger<DockerRemote> logger, TimeProvider timeProvider)
    : IRemote, IRemoteSettingsValidator
{
    private readonly DockerRemoteOptions options = options.Value;
    private readonly ImagePuller puller = new(connection);

    /// <inheritdoc/>
    public string Type => "docker";

    /// <inheritdoc/>
    public IEnumerable<RemoteSettingProblem> ValidateSettings(RemoteDefinition remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var problems = new List<RemoteSettingProblem>();
        DockerSettingsReader.Read(remote, this.options, problems);
        return problems;
    }

    /// <inheritdoc/>
    public async Task<RemoteResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        var settings = this.ReadSettings(context);
        if (context.Step.Run is not { } run)
        {
            return RemoteResult.Success;
        }

        var workspace = await context.Workspace.PrepareAsync(cancellationToken).ConfigureAwait(false);
        if (settings.User is not null && !OperatingSystem.IsWindows())
        {
            // Another user in the container must be able to write its outputs into the folder.
            File.SetUnixFileMode(workspace, (UnixFileMode)0b111_111_111);
        }

        var what = $"step '{context.Step.Name}'";
        try
        {
            await connection.PingAsync(what, cancellationToken).ConfigureAwait(false);
            await this.puller.EnsureAsync(context, settings.Image, settings.Pull, cancellationToken).ConfigureAwait(false);
            var parameters = ContainerSpec.Create(context, settings, run, workspace, this.options);
            var container = await StepContainer.CreateAsync(
                connection, context, settings, parameters, workspace, this.options, logger, timeProvider, cancellationToken).ConfigureAwait(false);
            await using (container.ConfigureAwait(false))
            {
                return await container.RunAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (DockerConnection.IsConnectionError(ex))
        {
            throw connection.Unreachable(what, ex.InnerException?.Message ?? ex.Message, ex);
        }
    }

    private DockerStepSettings ReadSettings(StepContext context)
    {
        var problems = new List<RemoteSettingProblem>();
        if (DockerSettingsReader.Read(context.Remote, this.options, problems) is { } settings)
        {
            return settings;
        }

        var remote = context.Remote.Name is { } name ? $"remote '{name}' of step '{context.Step.Name}'" : $"step '{context.Step.Name}'";
        throw new DockerRemoteException($"{remote} has bad docker settings: {string.Join("; ", problems.Select(p => p.Message))}")
        {
            Kind = FailureKind.Misconfigured,
        };
    }
}
