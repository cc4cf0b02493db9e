using System.Text;
using Bazaar.Testing;

namespace Bazaar.Http.Tests.Http;

public sealed class LogSearchTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task FindAsync_MatchStraddlingReads_FoundAtItsFirstByte(int bytesPerRead)
    {
        var text = string.Concat(Enumerable.Range(0, 200).Select(i => $"row {i}\n")) + "The Needle here\n";
        await using var stream = new Trickle(Encoding.UTF8.GetBytes(text), bytesPerRead);

        var at = await LogSearch.FindAsync(stream, "the needle", long.MaxValue, TestTimeout.Token());

        Assert.Equal(text.IndexOf("The Needle", StringComparison.Ordinal), at);
    }

    [Fact]
    public async Task FindAsync_MatchPastTheLimit_NotFound()
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes("aaaaaaaaaabbb"));

        Assert.Equal(-1, await LogSearch.FindAsync(stream, "bbb", 11, TestTimeout.Token()));
    }

    /// <summary>A stream that hands out at most a few bytes a read, as a network stream may.</summary>
    private sealed class Trickle(byte[] bytes, int most) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(most, buffer.Length)], cancellationToken);
    }
}
