using System.Security.Cryptography;

namespace Bazaar.Storage.Tests.Products;

/// <summary>A folder's content as comparable text: every path with its kind, mode class and content hash.</summary>
internal static class TreeSnapshot
{
    public static List<string> Of(string root)
    {
        var lines = new List<string>();
        foreach (var info in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var path = Path.GetRelativePath(root, info.FullName).Replace('\\', '/');
            if (info.LinkTarget is { } target)
            {
                lines.Add($"L {path} -> {target}");
            }
            else if (info is DirectoryInfo)
            {
                lines.Add($"D {path}");
            }
            else
            {
                var exec = (info.UnixFileMode & UnixFileMode.UserExecute) != 0 ? "x" : "-";
                lines.Add($"F {path} {exec} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(info.FullName)))}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
