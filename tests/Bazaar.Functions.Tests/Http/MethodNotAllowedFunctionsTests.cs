using System.Reflection;
using Bazaar.Functions.Http;
using Bazaar.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Bazaar.Functions.Tests.Http;

public class MethodNotAllowedFunctionsTests : IDisposable
{
    private readonly FunctionHost host = new();

    public static TheoryData<string> Functions =>
        [.. typeof(MethodNotAllowedFunctions).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name)];

    public void Dispose() => this.host.Dispose();

    [Fact]
    public async Task RunsMethodNotAllowed_Delete_Answers405AllowingGetAndPost()
    {
        var request = this.host.Request("DELETE", "/api/runs");

        var answer = await FunctionHost.ExecuteAsync(MethodNotAllowedFunctions.RunsMethodNotAllowed(request), request);

        Assert.Equal(405, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        Assert.Equal("GET, POST", answer.Headers.Allow.ToString());
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task MethodNotAllowed_EachFunction_Answers405AllowingExactlyItsRoutesMethods(string name)
    {
        var method = typeof(MethodNotAllowedFunctions).GetMethod(name)!;
        var trigger = method.GetParameters()[0].GetCustomAttribute<HttpTriggerAttribute>()!;
        var request = this.host.Request(trigger.Methods![0].ToUpperInvariant(), "/" + trigger.Route);
        var template = trigger.Route![(ApiRoutes.Prefix.Length + 1)..];

        var answer = await FunctionHost.ExecuteAsync((IResult)method.Invoke(null, [request])!, request);

        Assert.Equal(405, answer.Status);
        Assert.Equal(string.Join(", ", ApiRoutes.MethodsOf(template)), answer.Headers.Allow.ToString());
    }
}
