using System.Security.Cryptography;
using System.Text;

namespace Bazaar.Engine.Tests.Orchestration.ExecuteStep;

/// <summary>Digests computed independently of the store, to check what it recorded.</summary>
internal static class TestDigests
{
    public static string Of(string text) => Of(Encoding.UTF8.GetBytes(text));

    public static string Of(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
