using System.Diagnostics;
using Xunit;

namespace SlideEmbed.TestSupport;

/// <summary>
/// A tiny tmpfs mounted on a fresh temporary folder, to run writes into a full disk (ENOSPC) for real.
/// Mounting needs root (or CAP_SYS_ADMIN); elsewhere <see cref="Mount"/> skips the calling test with the
/// reason. Disposing unmounts it and deletes the folder.
/// </summary>
public sealed class SmallFileSystem : IDisposable
{
    private SmallFileSystem(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="kibibytes"/> KiB, or skips the calling test when that is not allowed.</summary>
    /// <param name="kibibytes">Size of the file system.</param>
    /// <returns>The mounted file system; dispose it.</returns>
    public static SmallFileSystem Mount(int kibibytes = 64)
    {
        var dir = TestAssets.NewTempDir();
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={kibibytes}k", "tmpfs", dir);
        if (code != 0)
        {
            Directory.Delete(dir);
            Assert.Skip($"A full disk is simulated with a {kibibytes} KiB tmpfs, which needs root to mount: mount exited with {code} ({error.Trim()}).");
        }

        return new SmallFileSystem(dir);
    }

    /// <summary>Fills the file system with a file of <paramref name="bytes"/> bytes, leaving less room for what a test writes.</summary>
    /// <param name="bytes">Size of the filler file.</param>
    /// <returns>The filler's path.</returns>
    public string Fill(int bytes)
    {
        var path = System.IO.Path.Combine(Path, "filler");
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Lazy, so a file a failed test still holds open cannot keep the mount alive.
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Still mounted (a file held open): the temporary folder is left for the system to clear.
        }
    }

    private static (int Code, string Error) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
