using Bazaar.CallHome;
using Bazaar.Cli.Hosting;
using Bazaar.Testing;

namespace Bazaar.Cli.Tests.Hosting;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ServeCallbacksTests : IDisposable
{
    private const string SharedKeys = "shared:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private readonly TempDirectory temp = new();

    public void Dispose() => this.temp.Dispose();

    [Fact]
    public void Configure_NoKeysSetting_MakesOneKeyPerInstallationIn0600FileAndKeepsIt()
    {
        var file = this.temp["home/callback.keys"];
        var first = new CallHomeOptions();
        var second = new CallHomeOptions();

        ServeCallbacks.Configure(first, _ => null, () => file);
        ServeCallbacks.Configure(second, _ => null, () => file);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(first.Keys!.KeyIds, second.Keys!.KeyIds);
        Assert.Null(first.CallbackUrl);
    }

    [Fact]
    public void Configure_KeysAndUrlSettings_WinAndNoFileIsMade()
    {
        var file = this.temp["home/callback.keys"];
        var options = new CallHomeOptions();
        var settings = new Dictionary<string, string> { ["BAZAAR_CALLBACK_KEYS"] = SharedKeys, ["BAZAAR_CALLBACK_URL"] = "https://bazaar.example/" };

        ServeCallbacks.Configure(options, n => settings.GetValueOrDefault(n), () => file);

        Assert.Equal(["shared"], options.Keys!.KeyIds);
        Assert.Equal(new Uri("https://bazaar.example/"), options.CallbackUrl);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void Configure_UrlSettingNotAUrl_SaysWhatToSet()
    {
        var error = Assert.Throws<BazaarException>(() =>
            ServeCallbacks.Configure(new CallHomeOptions(), n => n == "BAZAAR_CALLBACK_URL" ? "bazaar.example" : SharedKeys, () => "unused"));

        Assert.Contains("BAZAAR_CALLBACK_URL", error.Message, StringComparison.Ordinal);
    }
}
