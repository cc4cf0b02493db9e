using System.Formats.Tar;
using System.Text;

namespace Bazaar.Agent.Tests;

/// <summary>Tars built to escape the folder they are extracted into, as a tampered directory product would be.</summary>
internal static class HostileTars
{
    /// <param name="attack">Which: absolute, dotdot, link-out, through-link, device.</param>
    /// <param name="escape">An absolute path outside every working folder, which must not be written.</param>
    public static byte[] Build(string attack, string escape)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(File("fine.txt"));
            switch (attack)
            {
                case "absolute":
                    tar.WriteEntry(File(escape));
                    break;
                case "dotdot":
                    tar.WriteEntry(File(string.Concat(Enumerable.Repeat("../", 12)) + escape.TrimStart('/')));
                    break;
                case "link-out":
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "up") { LinkName = "../../outside" });
                    break;
                case "through-link":
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "sub/"));
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "up") { LinkName = "sub" });
                    tar.WriteEntry(File("up/x.txt"));
                    break;
                case "device":
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.CharacterDevice, "null") { DeviceMajor = 1, DeviceMinor = 3 });
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(attack), attack, "no such attack");
            }
        }

        return buffer.ToArray();
    }

    private static PaxTarEntry File(string name) => new(TarEntryType.RegularFile, name)
    {
        DataStream = new MemoryStream(Encoding.UTF8.GetBytes("planted")),
    };
}
