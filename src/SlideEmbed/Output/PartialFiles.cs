using System.Diagnostics;
using System.Globalization;

namespace SlideEmbed.Output;

/// <summary>
/// Temporary files of interrupted atomic writes: <c>.&lt;name&gt;.&lt;pid&gt;.&lt;guid&gt;.partial</c>. The
/// process id tells whether the writer is still alive, so a restarted run can remove what a killed
/// one left without touching files another live process is writing.
/// </summary>
public static class PartialFiles
{
    /// <summary>The temporary name for a target written by this process.</summary>
    /// <param name="target">Full target path.</param>
    /// <returns>The temporary path beside it.</returns>
    public static string TempPathFor(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var dir = Path.GetDirectoryName(target)!;
        return Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}{AtomicFile.PartialSuffix}"));
    }

    /// <summary>Deletes partial files in <paramref name="dir"/> (not recursive) whose writing process no longer runs.</summary>
    /// <param name="dir">Folder to clean.</param>
    /// <returns>Number of files removed.</returns>
    public static int RemoveStale(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(dir, "." + "*" + AtomicFile.PartialSuffix))
        {
            var parts = Path.GetFileName(file).Split('.');
            // "", name parts..., pid, guid, "partial"
            if (parts.Length >= 4 && int.TryParse(parts[^3], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && IsAlive(pid))
            {
                continue;
            }

            try
            {
                File.Delete(file);
                removed++;
            }
            catch (IOException)
            {
                // Another cleaner got there first, or the file is in use: leave it.
            }
        }

        return removed;
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
