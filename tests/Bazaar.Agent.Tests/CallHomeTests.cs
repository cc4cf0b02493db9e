using System.Text;
using Bazaar.Remotes;
using Bazaar.Testing;
using Xunit.Abstractions;

namespace Bazaar.Agent.Tests;

/// <summary>Calling home: "started" before the inputs are fetched, "done" with the response, each with its own token.</summary>
[Collection(AgentCollection.Name)]
public sealed class CallHomeTests(AgentFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [AgentFact]
    public async Task Run_WithCallHome_StartedBeforeInputsThenDoneWithTheResponseEachWithItsToken()
    {
        using var temp = new TempDirectory();
        temp.Write("late.txt", "staged only once the agent said it started");
        await using var home = await CallHomeServer.StartAsync();
        var steps = new AgentSteps(fixture);

        // The input's URL is minted for content that is not in storage yet: it is put there when "started"
        // arrives, so an agent that fetched inputs before calling home would get a 404.
        var bytes = File.ReadAllBytes(temp["late.txt"]);
        steps.Inputs["late"] = new Products.ProductRef
        {
            Name = "late",
            Digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
            Size = bytes.Length,
            Kind = Graphs.ProductKind.File,
            Producer = new Products.ProductProducer(steps.RunId, null, 0, null),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        home.OnStarted = () => fixture.StageAsync(steps.RunId, "late", temp["late.txt"]);
        var endpoints = home.Endpoints();
        var request = await steps.RequestAsync("cat late; exit 3", Minute, callHome: endpoints);

        var result = await AgentProcess.RunAsync([fixture.Agent], request);

        output.WriteLine(result.ToString());
        Assert.Equal(3, result.ExitCode);
        var calls = home.Calls.ToList();
        Assert.Equal(["started", "done"], calls.Select(c => c.Event));
        Assert.Equal($"Bearer {endpoints.Started.Token}", calls[0].Authorization);
        Assert.Equal("{}", calls[0].Body);
        Assert.Equal("application/json", calls[0].ContentType);
        Assert.Equal($"Bearer {endpoints.Done.Token}", calls[1].Authorization);
        var response = RemoteStepProtocol.ParseResponse(Encoding.UTF8.GetBytes(calls[1].Body), "agent");
        Assert.Equal((3, false), (response.ExitCode, response.TimedOut));
        Assert.Equal("staged only once the agent said it started\n", response.LogTail);

        // With callHome, stdout is the step's output (the container's log) and nothing else.
        Assert.Equal("staged only once the agent said it started\n", result.Stdout);
        AgentProcess.AssertNoSecrets(result, request);
    }

    [AgentFact]
    public async Task Run_DoneAnswered503Then200_IsTriedAgain()
    {
        await using var home = await CallHomeServer.StartAsync();
        home.Answer("done", 503, 429);
        var request = await new AgentSteps(fixture).RequestAsync("echo hi", Minute, callHome: home.Endpoints());

        var result = await AgentProcess.RunAsync([fixture.Agent], request);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["started", "done", "done", "done"], home.Calls.Select(c => c.Event));
        Assert.Contains("calling home (done): http://127.0.0.1", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("answered 503", result.Stderr, StringComparison.Ordinal);
        AgentProcess.AssertNoSecrets(result, request);
    }

    [AgentFact]
    public async Task Run_StartedRefusedWith401_NotTriedAgainSaysWhyAndStillRunsAndReports()
    {
        await using var home = await CallHomeServer.StartAsync();
        home.Answer("started", 401);
        home.Answer("done", 401);
        var request = await new AgentSteps(fixture).RequestAsync("echo hi", Minute, callHome: home.Endpoints());

        var result = await AgentProcess.RunAsync([fixture.Agent], request);

        Assert.Equal(["started", "done"], home.Calls.Select(c => c.Event));
        Assert.Contains("calling home (started): http://127.0.0.1", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("answered 401 Unauthorized; not tried again", result.Stderr, StringComparison.Ordinal);
        AgentProcess.AssertNoSecrets(result, request);
    }

    [AgentFact]
    public async Task Run_DigestMismatchWithCallHome_DoneCarriesTheRefusal()
    {
        using var temp = new TempDirectory();
        temp.Write("a.txt", "a");
        await using var home = await CallHomeServer.StartAsync();
        var steps = new AgentSteps(fixture);
        await steps.AddInputAsync("data", temp["a.txt"]);
        var request = await steps.RequestAsync("echo ran", Minute, callHome: home.Endpoints());
        var data = request.Inputs["data"];
        request = request with { Inputs = new Dictionary<string, RemoteStepInput> { ["data"] = data with { Digest = "sha256:" + new string('0', 64) } } };

        var result = await AgentProcess.RunAsync([fixture.Agent], request);

        Assert.Equal(125, result.ExitCode);
        var done = RemoteStepProtocol.ParseResponse(Encoding.UTF8.GetBytes(home.Calls.Last().Body), "agent");
        Assert.Equal(125, done.ExitCode);
        Assert.Contains("input 'data': the downloaded content has digest", done.Message, StringComparison.Ordinal);
        AgentProcess.AssertNoSecrets(result, request);
    }
}
