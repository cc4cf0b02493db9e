using System.Security.Cryptography;
using System.Text;
using Bazaar.Cli.Hosting;

namespace Bazaar.Cli.Tests.Hosting;

public sealed class BearerTokenTests
{
    private static readonly byte[] Expected = SHA256.HashData(Encoding.UTF8.GetBytes("s3cret"));

    [Theory]
    [InlineData("Bearer s3cret")]
    [InlineData("bearer s3cret")]
    [InlineData("Bearer  s3cret ")]
    public void Check_RightToken_Passes(string header) => Assert.Null(BearerToken.Check(header, Expected));

    [Theory]
    [InlineData("", "needs a bearer token")]
    [InlineData("s3cret", "must be 'Bearer TOKEN'")]
    [InlineData("Basic czNjcmV0", "must be 'Bearer TOKEN'")]
    [InlineData("Bearer s3cre", "token is wrong")]
    [InlineData("Bearer s3cret2", "token is wrong")]
    [InlineData("Bearer S3CRET", "token is wrong")]
    [InlineData("Bearer ", "token is wrong")]
    public void Check_MissingOrWrong_SaysWhy(string header, string fragment) =>
        Assert.Contains(fragment, BearerToken.Check(header, Expected), StringComparison.Ordinal);
}
