using System.Runtime.InteropServices;

namespace SlideEmbed.Slides;

/// <summary>
/// Tells regular files from FIFOs, devices and sockets, which .NET's file APIs report alike. Only
/// regular files (and MIRAX folders' <c>.mrxs</c>) are slides: opening a FIFO blocks until a writer
/// comes, and <c>/dev/zero</c> never ends. On Linux this asks <c>statx(2)</c>; elsewhere every existing
/// non-folder counts as regular.
/// </summary>
public static partial class FileKinds
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int Eloop = 40;
    private const int AtSymlinkNoFollow = 0x100;

    /// <summary>What <paramref name="path"/> names, following links.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The kind.</returns>
    public static FileKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!OperatingSystem.IsLinux())
        {
            return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : FileKind.Missing;
        }

        Span<byte> buffer = stackalloc byte[256];
        buffer.Clear();
        if (Statx(AtFdCwd, path, 0, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return Marshal.GetLastPInvokeError() == Eloop ? FileKind.LinkLoop
                : Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, ref MemoryMarshal.GetReference(buffer)) == 0 ? FileKind.DanglingLink
                : FileKind.Missing;
        }

        var mode = BitConverter.ToUInt16(buffer.Slice(ModeOffset, 2)) & 0xF000;
        return mode switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            _ => FileKind.Special,
        };
    }

    /// <summary>A short reason why a path that is not a regular file cannot be a slide, or null for a regular file.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The reason.</returns>
    public static string? NotASlideReason(FileKind kind) => kind switch
    {
        FileKind.Regular => null,
        FileKind.Missing => "does not exist",
        FileKind.Directory => "is a folder",
        FileKind.LinkLoop => "is a symbolic link that loops (or a chain of links too long to follow)",
        FileKind.DanglingLink => "is a symbolic link to something that does not exist",
        _ => "is not a regular file (a FIFO, socket or device); only regular files are slides",
    };

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref byte buffer);
}
