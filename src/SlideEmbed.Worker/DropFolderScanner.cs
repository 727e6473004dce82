namespace SlideEmbed.Worker;

/// <summary>
/// Lists what has been dropped: every visible file at the top of the drop folder is an item (slides,
/// and anything else, which ends in <c>failed/</c>); a MIRAX slide is its <c>.mrxs</c> together with the
/// data folder of the same name. Hidden entries (names starting with <c>.</c>), <c>done/</c>, <c>failed/</c>,
/// other folders and, in marker mode, <c>.done</c>/<c>.failed</c> markers are not items. Reads sizes and
/// modification times only, never content.
/// </summary>
internal sealed class DropFolderScanner
{
    private readonly string _drop;
    private readonly FinishedSourceAction _finished;

    /// <summary>Creates a scanner.</summary>
    /// <param name="dropPath">Full path of the drop folder.</param>
    /// <param name="finished">Whether markers are in use.</param>
    public DropFolderScanner(string dropPath, FinishedSourceAction finished)
    {
        _drop = dropPath;
        _finished = finished;
    }

    /// <summary>Everything in the drop folder now, in name order.</summary>
    /// <returns>The items.</returns>
    /// <exception cref="IOException">The drop folder cannot be listed.</exception>
    public IReadOnlyList<DropItem> Scan()
    {
        var items = new List<DropItem>();
        foreach (var name in Directory.EnumerateFiles(_drop).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal))
        {
            if (IsItemName(name) && Look(name) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    /// <summary>Looks at one item again.</summary>
    /// <param name="name">Its name.</param>
    /// <returns>The item as it is now, or null when it is gone.</returns>
    public DropItem? Look(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var path = Path.Combine(_drop, name);
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                return null;
            }

            var entries = new List<DropEntry> { new(name, file.Length, file.LastWriteTimeUtc.Ticks) };
            string? data = null;
            if (IsMirax(name))
            {
                data = Path.Combine(_drop, Path.GetFileNameWithoutExtension(name));
                if (Directory.Exists(data))
                {
                    foreach (var f in new DirectoryInfo(data).EnumerateFiles("*", SearchOption.AllDirectories))
                    {
                        entries.Add(new DropEntry(Path.GetRelativePath(_drop, f.FullName), f.Length, f.LastWriteTimeUtc.Ticks));
                    }
                }
            }

            return new DropItem(name, path, data, new DropSnapshot(entries));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Vanished or changing while listed: it will be looked at again.
            return null;
        }
    }

    /// <summary>Whether a top-level file name can be an item.</summary>
    /// <param name="name">File name.</param>
    /// <returns>True unless hidden or a marker.</returns>
    public bool IsItemName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith('.'))
        {
            return false;
        }

        return _finished != FinishedSourceAction.Marker
            || !(name.EndsWith(SourceMarkers.DoneSuffix, StringComparison.Ordinal) || name.EndsWith(SourceMarkers.FailedSuffix, StringComparison.Ordinal));
    }

    /// <summary>Whether a file name is a MIRAX slide.</summary>
    /// <param name="name">File name.</param>
    /// <returns>True for <c>.mrxs</c>.</returns>
    public static bool IsMirax(string name) => name.EndsWith(".mrxs", StringComparison.OrdinalIgnoreCase);
}
