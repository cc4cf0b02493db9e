using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Bazaar.Files;

/// <summary>
/// The few Linux calls .NET does not expose: <c>open</c> with <c>O_NOFOLLOW</c>, and <c>statx</c>, which
/// tells a FIFO or a device from a regular file and gives the owner. <c>struct statx</c> has one layout on
/// every architecture; only the <c>open</c> flags differ, so other platforms fall back to managed checks.
/// </summary>
internal static partial class NativeFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxTypeModeUid = 0x1 | 0x2 | 0x8;
    private const int ReadOnlyNonBlockingCloseOnExec = 0x800 | 0x80000; // O_RDONLY | O_NONBLOCK | O_CLOEXEC

    /// <summary>Gets a value indicating whether the native calls are available (Linux on x64, x86, Arm64 or Arm).</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && NoFollowFlag() != 0;

    /// <summary>Reads what <paramref name="path"/> names without following a link at its end.</summary>
    /// <param name="path">The path.</param>
    /// <returns>Its kind, owner and permission bits; <see cref="FileKind.Missing"/> when nothing is there.</returns>
    public static (FileKind Kind, uint Owner, UnixFileMode Mode) LStat(string path)
    {
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxTypeModeUid, out var status) == 0)
        {
            return (KindOf(status.Mode), status.Uid, (UnixFileMode)(status.Mode & 0xFFF));
        }

        var error = Marshal.GetLastPInvokeError();
        return error is 2 or 20 // ENOENT, ENOTDIR
            ? (FileKind.Missing, 0u, (UnixFileMode)0)
            : throw new IOException($"Cannot read the status of '{path}': {Marshal.GetPInvokeErrorMessage(error)}.");
    }

    /// <summary>Reads what an open handle is: the file itself, not whatever its path names now.</summary>
    /// <param name="handle">The handle.</param>
    /// <returns>Its kind.</returns>
    public static FileKind KindOf(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxTypeModeUid, out var status) == 0
                ? KindOf(status.Mode)
                : throw new IOException($"Cannot read the status of an open file: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Opens <paramref name="path"/> for reading, failing on a link at its end and never blocking on a FIFO.</summary>
    /// <param name="path">The path.</param>
    /// <param name="error">The <c>errno</c> when it fails: <c>ELOOP</c> (40) for a link.</param>
    /// <returns>The handle, or <see langword="null"/> when it failed.</returns>
    public static SafeFileHandle? OpenNoFollow(string path, out int error)
    {
        var fd = Open(path, ReadOnlyNonBlockingCloseOnExec | NoFollowFlag(), 0);
        error = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Gets this process's effective user id.</summary>
    /// <returns>The uid.</returns>
    public static uint EffectiveUserId() => GetEffectiveUserId();

    private static FileKind KindOf(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.RegularFile,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.SymbolicLink,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        _ => FileKind.CharacterDevice, // no other type exists; treat anything new as a special file
    };

    // O_NOFOLLOW is 0400000 on x86 and x64, 0100000 on Arm and Arm64.
    private static int NoFollowFlag() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x20000,
        Architecture.Arm64 or Architecture.Arm => 0x8000,
        _ => 0,
    };

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    /// <summary>The head of <c>struct statx</c>, padded to its full 256 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(20)]
        public uint Uid;

        [FieldOffset(28)]
        public ushort Mode;
    }
}
