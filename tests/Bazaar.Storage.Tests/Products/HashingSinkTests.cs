using System.Security.Cryptography;
using Bazaar.Products;
using Bazaar.Testing;

namespace Bazaar.Storage.Tests.Products;

public sealed class HashingSinkTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1000)]
    [InlineData(1000, 1000)]
    [InlineData(300_000, 0)]
    [InlineData(300_000, 300_000)]
    public void Write_UpToTheKeepLimit_KeepsTheContentAndHashesIt(int size, long sizeHint)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        using var sink = new HashingSink(300_000, sizeHint);

        for (var offset = 0; offset < size; offset += 7_000)
        {
            sink.Write(bytes, offset, Math.Min(7_000, size - offset));
        }

        Assert.True(sink.TryGetContent(out var content));
        Assert.Equal(bytes, content.ToArray());
        Assert.Equal(TestStores.Sha256Of(bytes), sink.GetDigest());
        Assert.Equal(size, sink.Length);
    }

    [Fact]
    public void Write_PastTheKeepLimit_KeepsNothingButStillHashesEverything()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_001);
        using var sink = new HashingSink(300_000, 1000);

        sink.Write(bytes, 0, 200_000);
        sink.Write(bytes, 200_000, 100_001);

        Assert.False(sink.TryGetContent(out _));
        Assert.Equal(TestStores.Sha256Of(bytes), sink.GetDigest());
        Assert.Equal(bytes.Length, sink.Length);
    }

    [Fact]
    public void Write_WithoutAKeepLimit_KeepsNothing()
    {
        using var sink = new HashingSink();

        sink.Write([1, 2, 3], 0, 3);

        Assert.False(sink.TryGetContent(out _));
        Assert.Equal(TestStores.Sha256Of([1, 2, 3]), sink.GetDigest());
    }
}
