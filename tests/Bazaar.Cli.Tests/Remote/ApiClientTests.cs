using Bazaar.Cli.Remote;

namespace Bazaar.Cli.Tests.Remote;

public sealed class ApiClientTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7071", "http://127.0.0.1:7071/api/")]
    [InlineData("http://127.0.0.1:7071/", "http://127.0.0.1:7071/api/")]
    [InlineData("http://127.0.0.1:7071/api", "http://127.0.0.1:7071/api/")]
    [InlineData("https://app.azurewebsites.net/api/", "https://app.azurewebsites.net/api/")]
    [InlineData("https://gateway.example/bazaar", "https://gateway.example/bazaar/api/")]
    [InlineData("http://host:1/api?code=x", "http://host:1/api/")]
    public void ApiBase_ServerUrl_EndsInApi(string url, string expected) =>
        Assert.Equal(new Uri(expected), ApiClient.ApiBase(new Uri(url)));
}
