using System.Net;
using System.Text.Json;
using Bazaar.CallHome;
using Bazaar.Remotes;
using Bazaar.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;

namespace Bazaar.Http.Tests.Http;

/// <summary><c>POST /api/callbacks/{event}</c> on real Kestrel: what an agent's calls are answered with, and what is raised.</summary>
public sealed class CallbackRouteTests
{
    [Fact]
    public async Task Done_WithItsToken_Answers202AndRaisesExactlyOneEventWithTheResponse()
    {
        var ct = TestTimeout.Token();
        await using var server = await CallbackServer.StartAsync();
        var done = server.Endpoint(CallHomeEvents.Done);
        CallHomeDone? raised = null;
        server.Client.Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, object?, CancellationToken>((_, _, payload, _) => raised = payload as CallHomeDone)
            .Returns(Task.CompletedTask);

        var response = await server.PostAsync(done.Url.PathAndQuery, done.Token, """{"exitCode":3,"message":"tests failed","logTail":"1 failed\n","timedOut":false}""", ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        server.Client.Verify(
            c => c.RaiseEventAsync(
                "run-1:shard-0",
                "callhome:compile:1:done",
                It.Is<object?>(p => p is CallHomeDone && ((CallHomeDone)p).Response.Equals(new RemoteStepResponse { ExitCode = 3, Message = "tests failed" }) && ((CallHomeDone)p).LogTail!.Size == 9),
                It.IsAny<CancellationToken>()),
            Times.Once);
        server.Client.VerifyNoOtherCalls();
        Assert.Contains(server.Logs.Entries, e => e.Level == LogLevel.Information && e.EventId == 204 && e.Text.Contains("run-1", StringComparison.Ordinal));

        // The tail is kept by digest, out of the event (and so out of the orchestration's history).
        await using var tail = await server.Services.GetRequiredService<Bazaar.Products.IContentStore>().OpenReadAsync(raised!.LogTail!, ct);
        Assert.Equal("1 failed\n", await new StreamReader(tail).ReadToEndAsync(ct));
    }

    [Fact]
    public async Task Started_WithItsToken_Answers202AndRaisesCallHomeStarted()
    {
        var ct = TestTimeout.Token();
        await using var server = await CallbackServer.StartAsync();
        var started = server.Endpoint(CallHomeEvents.Started);
        var before = DateTimeOffset.UtcNow;

        var response = await server.PostAsync(started.Url.PathAndQuery, started.Token, "{}", ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        server.Client.Verify(
            c => c.RaiseEventAsync("run-1:shard-0", "callhome:compile:1:started", It.Is<object?>(p => p is CallHomeStarted && ((CallHomeStarted)p).ReceivedAt >= before), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Theory]
    [InlineData("done", "[1,2]", "must be the remote step protocol's response")]
    [InlineData("done", "{\"exitCode\":\"zero\"}", "$.exitCode")]
    [InlineData("done", "null", "not null")]
    [InlineData("done", "", "must be the remote step protocol's response")]
    [InlineData("started", "[]", "must be a JSON object")]
    [InlineData("started", "{", "must be a JSON object")]
    public async Task WrongBody_Answers400SayingWhatWasWrong_AndLeavesTheTokenUsable(string @event, string body, string fragment)
    {
        var ct = TestTimeout.Token();
        await using var server = await CallbackServer.StartAsync();
        var endpoint = server.Endpoint(@event);

        var response = await server.PostAsync(endpoint.Url.PathAndQuery, endpoint.Token, body, ct);
        var problem = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(fragment, JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(endpoint.Token, problem, StringComparison.Ordinal);
        server.VerifyNothingRaised();

        // The refused body did not use the callback up: the agent can send a right one.
        var retry = await server.PostAsync(endpoint.Url.PathAndQuery, endpoint.Token, @event == "done" ? "{\"exitCode\":0}" : "{}", ct);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
    }

    [Fact]
    public async Task BodyOverTheLimit_Answers413WithAndWithoutContentLength()
    {
        var ct = TestTimeout.Token();
        await using var server = await CallbackServer.StartAsync();
        var done = server.Endpoint(CallHomeEvents.Done);
        var huge = "{\"exitCode\":0,\"logTail\":\"" + new string('x', 3 << 20) + "\"}";

        var declared = await server.PostAsync(done.Url.PathAndQuery, done.Token, huge, ct);
        var chunked = await server.PostAsync(done.Url.PathAndQuery, done.Token, new PushStreamContentOf(huge), ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        server.VerifyNothingRaised();
    }

    [Fact]
    public async Task DoneWithAMebibyteLogTail_IsAccepted()
    {
        var ct = TestTimeout.Token();
        await using var server = await CallbackServer.StartAsync();
        var done = server.Endpoint(CallHomeEvents.Done);

        var response = await server.PostAsync(done.Url.PathAndQuery, done.Token, "{\"exitCode\":0,\"logTail\":\"" + new string('x', 1 << 20) + "\"}", ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("finished")]
    [InlineData("DONE")]
    [InlineData("x.y")]
    public async Task UnknownEvent_Answers404NamingTheEvents(string @event)
    {
        var ct = TestTimeout.Token();
        await using var server = await CallbackServer.StartAsync();

        var response = await server.PostAsync($"api/callbacks/{@event}", server.Endpoint(CallHomeEvents.Done).Token, "{}", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("started and done", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        server.VerifyNothingRaised();
    }

    [Fact]
    public async Task GetOnTheRoute_Answers405AllowingPost()
    {
        var ct = TestTimeout.Token();
        await using var server = await CallbackServer.StartAsync();

        var response = await server.Http.GetAsync("api/callbacks/done", ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", response.Content.Headers.Allow.Single());
    }

    [Fact]
    public async Task TaskHubUnavailable_Answers503_AndTheAgentsRetryIsAcceptedNotTakenForAReplay()
    {
        var ct = TestTimeout.Token();
        await using var server = await CallbackServer.StartAsync();
        var done = server.Endpoint(CallHomeEvents.Done);
        server.Client
            .SetupSequence(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.Unavailable, "hub down")))
            .Returns(Task.CompletedTask);

        var first = await server.PostAsync(done.Url.PathAndQuery, done.Token, "{\"exitCode\":0}", ct);
        var retry = await server.PostAsync(done.Url.PathAndQuery, done.Token, "{\"exitCode\":0}", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
    }

    /// <summary>A body sent chunked, without Content-Length, as a streaming client sends it.</summary>
    private sealed class PushStreamContentOf(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
