using System.Globalization;

namespace SlideEmbed.Worker;

/// <summary>
/// Moves finished items out of the drop folder into <c>done/</c> or <c>failed/</c> (same file system: renames).
/// A name already taken there gets <c>~2</c>, <c>~3</c>, ... before the extension; a MIRAX slide keeps its
/// <c>.mrxs</c> and data folder names in step. The data folder moves first, so an interrupted move leaves
/// the <c>.mrxs</c> in the drop folder, where the item is found and the move finished.
/// </summary>
internal static class SourceMover
{
    /// <summary>A name under which the item can go into <paramref name="destDir"/>.</summary>
    /// <param name="destDir">Target folder.</param>
    /// <param name="item">The item.</param>
    /// <returns>A file name free in the folder (with its MIRAX data folder name free too).</returns>
    public static string FreeName(string destDir, DropItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var stem = Path.GetFileNameWithoutExtension(item.Name);
        var ext = Path.GetExtension(item.Name);
        for (var n = 1; ; n++)
        {
            var candidateStem = n == 1 ? stem : string.Create(CultureInfo.InvariantCulture, $"{stem}~{n}");
            var candidate = candidateStem + ext;
            var taken = File.Exists(Path.Combine(destDir, candidate)) || Directory.Exists(Path.Combine(destDir, candidate))
                || (item.IsMirax && Directory.Exists(Path.Combine(destDir, candidateStem)))
                || File.Exists(Path.Combine(destDir, candidate + FailureReport.Suffix));
            if (!taken)
            {
                return candidate;
            }
        }
    }

    /// <summary>Moves the item (whatever of it is still in the drop folder).</summary>
    /// <param name="item">The item.</param>
    /// <param name="destDir">Target folder (created when missing).</param>
    /// <param name="destName">Its name there, from <see cref="FreeName"/>.</param>
    /// <returns>The new path of the slide file.</returns>
    public static string Move(DropItem item, string destDir, string destName)
    {
        ArgumentNullException.ThrowIfNull(item);
        Directory.CreateDirectory(destDir);
        if (item.DataFolder is { } data && Directory.Exists(data))
        {
            Directory.Move(data, Path.Combine(destDir, Path.GetFileNameWithoutExtension(destName)));
        }

        var target = Path.Combine(destDir, destName);
        File.Move(item.Path, target, overwrite: false);
        return target;
    }
}
