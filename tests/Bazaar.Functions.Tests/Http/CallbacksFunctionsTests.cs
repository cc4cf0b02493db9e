using Bazaar.CallHome;
using Bazaar.Functions.Http;
using Bazaar.Remotes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace Bazaar.Functions.Tests.Http;

public sealed class CallbacksFunctionsTests : IDisposable
{
    private const string Keys = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private readonly FunctionHost host = new(settings: new Dictionary<string, string?>
    {
        ["BAZAAR_CALLBACK_KEYS"] = Keys,
        ["WEBSITE_HOSTNAME"] = "bazaar-app.azurewebsites.net",
    });

    public void Dispose() => this.host.Dispose();

    [Fact]
    public async Task Callback_DoneWithItsToken_Answers202AndRaisesTheAttemptsEvent()
    {
        this.host.Ledger.Setup(l => l.TryUseAsync("run-1", It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        var callHome = this.host.Services.GetRequiredService<CallbackTokens>()
            .CreateCallHome(new CallbackAttempt("run-1", "run-1", "compile", 1), DateTimeOffset.UtcNow.AddMinutes(5));
        var request = this.host.Request("POST", callHome.Done.Url.AbsolutePath, "{\"exitCode\":0}", "application/json");
        request.Headers.Authorization = "Bearer " + callHome.Done.Token;

        var answer = await FunctionHost.ExecuteAsync(await this.host.Create<CallbacksFunctions>().Callback(request, this.host.Client.Object, "done"), request);

        Assert.Equal(202, answer.Status);
        Assert.Equal(new Uri("https://bazaar-app.azurewebsites.net/api/callbacks/done"), callHome.Done.Url);
        this.host.Client.Verify(
            c => c.RaiseEventAsync("run-1", "callhome:compile:1:done", It.Is<object?>(p => p is CallHomeDone && ((CallHomeDone)p).Response.ExitCode == 0), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task Callback_WithoutKeysSet_RefusesEveryCallWith401()
    {
        using var bare = new FunctionHost();
        var request = bare.Request("POST", "/api/callbacks/done", "{\"exitCode\":0}", "application/json");
        request.Headers.Authorization = "Bearer bzc1.k1.e30.AAAA";

        var answer = await FunctionHost.ExecuteAsync(await bare.Create<CallbacksFunctions>().Callback(request, bare.Client.Object, "done"), request);

        Assert.Equal(401, answer.Status);
        Assert.Null(bare.Services.GetRequiredService<IOptions<CallHomeOptions>>().Value.Keys);
        bare.Client.Verify(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void Settings_CallbackUrlSetting_WinsOverTheAppsHostName()
    {
        using var set = new FunctionHost(settings: new Dictionary<string, string?>
        {
            ["BAZAAR_CALLBACK_URL"] = "https://bazaar.example/",
            ["WEBSITE_HOSTNAME"] = "bazaar-app.azurewebsites.net",
        });

        Assert.Equal(new Uri("https://bazaar.example/"), set.Services.GetRequiredService<IOptions<CallHomeOptions>>().Value.CallbackUrl);
    }

    [Fact]
    public void Settings_KeysNotValid_StopTheAppAtStartNamingTheSettingNotTheKey()
    {
        var error = Assert.Throws<BazaarException>(() => new FunctionHost(settings: new Dictionary<string, string?> { ["BAZAAR_CALLBACK_KEYS"] = "k1:c2hvcnQ=" }));

        Assert.Contains("BAZAAR_CALLBACK_KEYS", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQ=", error.Message, StringComparison.Ordinal);
    }
}
