namespace Bazaar;

/// <summary>
/// A folder Bazaar would keep workspaces or uploads in is not private: it is a symbolic link, owned by
/// another user, or open to other users, who could then read or replace what Bazaar puts there.
/// </summary>
public class UnsafeFolderException : BazaarException
{
    /// <summary>Initializes a new instance of the <see cref="UnsafeFolderException"/> class.</summary>
    public UnsafeFolderException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UnsafeFolderException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    public UnsafeFolderException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UnsafeFolderException"/> class.</summary>
    /// <param name="message">What happened, to what, and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public UnsafeFolderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
