using Bazaar.CallHome;

namespace Bazaar.Engine.Tests.CallHome;

public sealed class CallbackKeyRingTests
{
    private const string Secret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Fact]
    public void Parse_TwoKeys_FirstSignsAndToStringShowsOnlyIds()
    {
        var ring = CallbackKeyRing.Parse($"k2:{Secret}; k1:{Secret}");

        Assert.Equal("k2", ring.SigningKeyId);
        Assert.Equal(["k2", "k1"], ring.KeyIds);
        Assert.DoesNotContain(Secret, ring.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "holds no key")]
    [InlineData("nokeyid", "does not start with a key id")]
    [InlineData("bad id:" + Secret, "does not start with a key id")]
    [InlineData("k1:not base64!", "is not base64")]
    [InlineData("k1:AAECAwQ=", "is 5 bytes")]
    [InlineData("k1:" + Secret + ";k1:" + Secret, "appears twice")]
    public void Parse_Invalid_SaysWhyWithoutTheKey(string setting, string fragment)
    {
        var error = Assert.Throws<BazaarException>(() => CallbackKeyRing.Parse(setting));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewSetting_ParsesAndDiffersEachTime()
    {
        var one = CallbackKeyRing.NewSetting();

        Assert.Single(CallbackKeyRing.Parse(one).KeyIds);
        Assert.NotEqual(one, CallbackKeyRing.NewSetting());
    }
}
