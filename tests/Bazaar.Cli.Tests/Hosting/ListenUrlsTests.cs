using Bazaar.Cli.Hosting;

namespace Bazaar.Cli.Tests.Hosting;

public sealed class ListenUrlsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7071", true)]
    [InlineData("http://127.1.2.3:80", true)]
    [InlineData("http://localhost:0", true)]
    [InlineData("http://LOCALHOST:5000/", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://192.168.1.10:5000", false)]
    [InlineData("http://build-box:5000", false)]
    [InlineData("http://localhost.example.com:5000", false)]
    public void IsLoopback_Url_TellsWhetherOnlyThisMachineCanReachIt(string url, bool expected) =>
        Assert.Equal(expected, ListenUrls.IsLoopback(url));

    [Theory]
    [InlineData("http://127.0.0.1:7071", null)]
    [InlineData("http://*:0", null)]
    [InlineData("http://[::1]:8080/", null)]
    [InlineData("https://127.0.0.1:7071", "plain HTTP")]
    [InlineData("127.0.0.1:7071", "not a URL")]
    [InlineData("http://127.0.0.1", "needs a host and a port")]
    [InlineData("http://127.0.0.1:99999", "needs a host and a port")]
    [InlineData("http://:80", "needs a host and a port")]
    public void Problem_Url_SaysWhatIsWrong(string url, string? fragment)
    {
        var problem = ListenUrls.Problem(url);

        if (fragment is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(fragment, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Split_SemicolonList_TrimsAndDropsEmpties() =>
        Assert.Equal(["http://127.0.0.1:1", "http://[::1]:2"], ListenUrls.Split(" http://127.0.0.1:1 ;; http://[::1]:2; "));
}
