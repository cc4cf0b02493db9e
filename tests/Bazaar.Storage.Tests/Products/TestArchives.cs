using System.Formats.Tar;

namespace Bazaar.Storage.Tests.Products;

/// <summary>Tar archives built in memory for the extractor's tests and the archive attacks.</summary>
internal static class TestArchives
{
    /// <summary>A regular file entry holding <paramref name="content"/>.</summary>
    public static PaxTarEntry File(string name, string content) => new(TarEntryType.RegularFile, name)
    {
        DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
    };

    /// <summary>An archive of what <paramref name="write"/> writes, positioned at its start.</summary>
    public static MemoryStream Archive(Action<TarWriter> write)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(writer);
        }

        stream.Position = 0;
        return stream;
    }
}
