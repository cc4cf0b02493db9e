using System.Text.Json;
using Bazaar.Graphs;
using Bazaar.Products;
using Bazaar.Remotes;

namespace Bazaar.Agent.Tests;

/// <summary>Builds the requests the tests give the agent, with URLs minted by Bazaar's own store on Azurite.</summary>
internal sealed class AgentSteps(AgentFixture fixture)
{
    public string RunId { get; } = "agent-" + Guid.NewGuid().ToString("N")[..12];

    public Dictionary<string, ProductRef> Inputs { get; } = new(StringComparer.Ordinal);

    public async Task AddInputAsync(string name, string? path) => this.Inputs[name] = await fixture.StageAsync(this.RunId, name, path);

    /// <summary>The request for step <paramref name="step"/>; <paramref name="run"/> is a string (shell) or a string array (argv).</summary>
    public async Task<RemoteStepRequest> RequestAsync(
        object? run, TimeSpan timeout, ProductOutput[]? produces = null, RemoteStepCallHome? callHome = null, Dictionary<string, string>? env = null)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var step = new StepDefinition { Name = "step", Produces = produces ?? [] };
        var urls = await fixture.UrlsAsync(this.RunId, step, this.Inputs, deadline);
        return new RemoteStepRequest
        {
            RunId = this.RunId,
            Step = step.Name,
            Attempt = 1,
            Run = run switch
            {
                null => default,
                string shell => JsonSerializer.SerializeToElement(shell),
                _ => JsonSerializer.SerializeToElement((string[])run),
            },
            Env = env ?? new Dictionary<string, string> { ["BAZAAR_RUN_ID"] = this.RunId, ["BAZAAR_STEP"] = "step", ["BAZAAR_ATTEMPT"] = "1" },
            Inputs = urls.Inputs,
            Outputs = urls.Outputs,
            Deadline = deadline,
            CallHome = callHome,
        };
    }

    /// <summary>Downloads what the agent uploaded for an output, as the activity collects it; null when nothing was.</summary>
    public async Task<string?> CollectAsync(ProductOutput output, string into)
    {
        var target = Path.Combine(into, output.Name);
        return await fixture.Transfer.FetchUploadAsync(this.RunId, "step", 1, output, target, Testing.TestTimeout.Token()) ? target : null;
    }
}
