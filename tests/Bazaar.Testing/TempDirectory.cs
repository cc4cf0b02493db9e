namespace Bazaar.Testing;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="TempDirectory"/> class.</summary>
    public TempDirectory()
    {
        this.Path = Directory.CreateTempSubdirectory("bazaar-test-").FullName;
    }

    /// <summary>Gets the folder's full path.</summary>
    public string Path { get; }

    /// <summary>Combines a relative path with the folder.</summary>
    /// <param name="relative">The relative path.</param>
    /// <returns>The full path.</returns>
    public string this[string relative] => System.IO.Path.Combine(this.Path, relative);

    /// <summary>Writes a file, creating its folders.</summary>
    /// <param name="relative">The file's path inside the folder.</param>
    /// <param name="content">The text.</param>
    /// <returns>The file's full path.</returns>
    public string Write(string relative, string content)
    {
        var full = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(this.Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
