namespace SlideEmbed.Output;

/// <summary>
/// The files one slide's run leaves in a model's output folder, all named <c>&lt;id&gt;&lt;suffix&gt;</c>: the
/// tile file, the slide file and the tissue outputs. After a run these are either all of the current
/// settings and slide content or gone; <see cref="Remove"/> deletes the ones that are not.
/// </summary>
public static class SlideOutputs
{
    /// <summary>Suffix of the tile embedding file (or tile table of <c>tiles</c>).</summary>
    public const string TilesSuffix = ".tiles.arrow";

    /// <summary>Suffix of the slide embedding file.</summary>
    public const string SlideSuffix = ".slide.arrow";

    /// <summary>Every suffix of a slide's outputs.</summary>
    public static IReadOnlyList<string> Suffixes { get; } = [TilesSuffix, SlideSuffix, ".mask.png", ".qc.png", ".tissue.geojson"];

    /// <summary>The outputs of a slide id that exist in a folder.</summary>
    /// <param name="dir">The model's output folder.</param>
    /// <param name="slideId">The slide id.</param>
    /// <returns>Full paths, in <see cref="Suffixes"/> order.</returns>
    public static IReadOnlyList<string> Existing(string dir, string slideId) =>
        Suffixes.Select(s => Path.Combine(dir, slideId + s)).Where(File.Exists).ToList();

    /// <summary>Deletes a slide's outputs except <paramref name="keep"/>.</summary>
    /// <param name="dir">The model's output folder.</param>
    /// <param name="slideId">The slide id.</param>
    /// <param name="keep">Full paths to keep (the outputs just written).</param>
    /// <returns>The paths removed.</returns>
    /// <exception cref="IOException">A file could not be deleted.</exception>
    public static IReadOnlyList<string> Remove(string dir, string slideId, IEnumerable<string> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var kept = new HashSet<string>(keep.Select(Path.GetFullPath), StringComparer.Ordinal);
        var removed = new List<string>();
        foreach (var path in Existing(dir, slideId))
        {
            if (!kept.Contains(Path.GetFullPath(path)))
            {
                File.Delete(path);
                removed.Add(path);
            }
        }

        return removed;
    }
}
