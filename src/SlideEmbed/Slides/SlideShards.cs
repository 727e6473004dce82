namespace SlideEmbed.Slides;

/// <summary>
/// Splits a run's slide list into shards that separate processes (a Slurm array, a Kubernetes Indexed Job)
/// embed into one output folder at the same time. The rule, which every shard applies to the same list:
/// <list type="number">
/// <item>Slides are grouped by <see cref="SlideIds.BaseId"/> (ignoring case, as ids are), so slides that
/// could compete for an id always land in the same shard and get the ids a single run would give them.</item>
/// <item>A group weighs the bytes of its slide files (a MIRAX slide counts its data folder too): cost
/// follows slide area, and file size is the proxy every shard can read cheaply.</item>
/// <item>Groups are taken heaviest first (ties by base id, ordinal) and each goes to the shard that holds
/// the fewest bytes so far (ties: the lowest shard number).</item>
/// </list>
/// The result depends only on the set of slide paths and their sizes, never on the order the list was
/// enumerated in: shards are disjoint and together cover the list. Within a shard, slides keep the
/// order of the list. Thread-safe.
/// </summary>
public static class SlideShards
{
    /// <summary>The slides of one shard.</summary>
    /// <param name="slides">The whole list (as every shard sees it).</param>
    /// <param name="shard">The shard.</param>
    /// <param name="size">Weight of a slide in bytes; null: <see cref="FileBytes"/>.</param>
    /// <returns>The shard's slides, in list order.</returns>
    public static IReadOnlyList<SlideInput> Select(IReadOnlyList<SlideInput> slides, SlideShard shard, Func<string, long>? size = null)
    {
        ArgumentNullException.ThrowIfNull(slides);
        var of = Assign(slides.Select(s => s.Path).ToList(), shard.Count, size ?? FileBytes);
        return slides.Where(s => of[Path.GetFullPath(s.Path)] == shard.Index).ToList();
    }

    /// <summary>The shard of every slide path.</summary>
    /// <param name="paths">The whole list of slide paths.</param>
    /// <param name="count">Number of shards, 1 or more.</param>
    /// <param name="size">Weight of a slide in bytes.</param>
    /// <returns>Full path to 0-based shard number.</returns>
    public static IReadOnlyDictionary<string, int> Assign(IReadOnlyCollection<string> paths, int count, Func<string, long> size)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(size);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var groups = paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)
            .GroupBy(p => SlideIds.BaseId(p).ToUpperInvariant(), StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Members: g.ToList(), Bytes: g.Sum(p => Math.Max(0, size(p)))))
            .OrderByDescending(g => g.Bytes)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var load = new long[count];
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var lightest = 0;
            for (var k = 1; k < count; k++)
            {
                if (load[k] < load[lightest])
                {
                    lightest = k;
                }
            }

            load[lightest] += group.Bytes;
            foreach (var member in group.Members)
            {
                result[member] = lightest;
            }
        }

        return result;
    }

    /// <summary>
    /// A slide's bytes on disk: the file, plus for a MIRAX <c>.mrxs</c> the files of its data folder (the
    /// folder of the same name beside it). 0 when the file cannot be read.
    /// </summary>
    /// <param name="path">Slide path.</param>
    /// <returns>Bytes.</returns>
    public static long FileBytes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var bytes = new FileInfo(path).Length;
            var data = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileNameWithoutExtension(path));
            if (path.EndsWith(".mrxs", StringComparison.OrdinalIgnoreCase) && Directory.Exists(data))
            {
                bytes += new DirectoryInfo(data).EnumerateFiles().Sum(f => f.Length);
            }

            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
