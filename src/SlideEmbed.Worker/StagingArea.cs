using System.Globalization;

namespace SlideEmbed.Worker;

/// <summary>
/// A private folder under <c>&lt;out&gt;/&lt;model&gt;/.staging/&lt;host&gt;/&lt;pid&gt;.&lt;guid&gt;/</c> where one slide's outputs are
/// written before the worker knows the source did not change meanwhile; <see cref="Publish"/> renames them
/// into the model folder (same file system, so each rename is atomic). Disposing deletes what was not
/// published; folders left by dead processes of this host are removed by <see cref="RemoveStale"/>.
/// </summary>
internal sealed class StagingArea : IDisposable
{
    /// <summary>Name of the hidden staging folder inside a model's output folder.</summary>
    public const string FolderName = ".staging";

    private StagingArea(string dir) => Dir = dir;

    /// <summary>The folder to write into.</summary>
    public string Dir { get; }

    /// <summary>Creates a fresh staging folder.</summary>
    /// <param name="outDir">The model's output folder.</param>
    /// <returns>The area.</returns>
    public static StagingArea Create(string outDir)
    {
        var dir = Path.Combine(RootFor(outDir), string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}.{Guid.NewGuid():N}"));
        Directory.CreateDirectory(dir);
        return new StagingArea(dir);
    }

    /// <summary>Moves every output into <paramref name="outDir"/>, the files resume looks at last (tile file, then slide file), then deletes the folder.</summary>
    /// <param name="outDir">The model's output folder.</param>
    /// <returns>The published paths.</returns>
    public IReadOnlyList<string> Publish(string outDir)
    {
        Directory.CreateDirectory(outDir);
        var files = Directory.GetFiles(Dir)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .OrderBy(f => f.EndsWith(".slide.arrow", StringComparison.Ordinal) ? 2 : f.EndsWith(".tiles.arrow", StringComparison.Ordinal) ? 1 : 0)
            .ThenBy(f => f, StringComparer.Ordinal)
            .ToList();
        var published = new List<string>(files.Count);
        foreach (var file in files)
        {
            var target = Path.Combine(outDir, Path.GetFileName(file));
            File.Move(file, target, overwrite: true);
            published.Add(target);
        }

        Dispose();
        return published;
    }

    /// <summary>Deletes the folder and anything left in it.</summary>
    public void Dispose() => TryDelete(Dir);

    /// <summary>The staging folder of this host.</summary>
    /// <param name="outDir">The model's output folder.</param>
    /// <returns>Its path.</returns>
    public static string RootFor(string outDir) => Path.Combine(outDir, FolderName, WorkerIdentity.SafeHostName);

    /// <summary>Deletes staging folders of this host whose process no longer runs.</summary>
    /// <param name="outDir">The model's output folder.</param>
    /// <returns>Folders removed.</returns>
    public static int RemoveStale(string outDir)
    {
        var root = RootFor(outDir);
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var removed = 0;
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(dir);
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && int.TryParse(name.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && (pid == Environment.ProcessId || ProcessLiveness.IsAlive(pid, null)))
            {
                continue;
            }

            if (TryDelete(dir))
            {
                removed++;
            }
        }

        return removed;
    }

    private static bool TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next clean-up; nothing under a final output name depends on it.
        }

        return false;
    }
}
