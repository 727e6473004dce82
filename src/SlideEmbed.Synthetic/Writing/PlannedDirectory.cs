using SlideEmbed.Geometry;

namespace SlideEmbed.Synthetic.Writing;

/// <summary>One TIFF directory in file order: a tiled pyramid level or a stripped associated image.</summary>
internal sealed record PlannedDirectory(SlideLevel? Level, AssociatedImageKind? Associated)
{
    /// <summary>
    /// The directory order. Generic: the levels, largest first. Aperio (as its format description
    /// and OpenSlide's driver expect): level 0, the thumbnail (OpenSlide names directory 1 "thumbnail"
    /// when it is stripped), the other levels, then label and macro (named by their descriptions).
    /// </summary>
    public static List<PlannedDirectory> For(SyntheticSlideSpec spec, IReadOnlyList<SlideLevel> levels)
    {
        var plan = new List<PlannedDirectory> { new(levels[0], null) };
        if (spec.IncludeThumbnail)
        {
            plan.Add(new(null, AssociatedImageKind.Thumbnail));
        }

        plan.AddRange(levels.Skip(1).Select(l => new PlannedDirectory(l, null)));
        if (spec.IncludeLabel)
        {
            plan.Add(new(null, AssociatedImageKind.Label));
        }

        if (spec.IncludeMacro)
        {
            plan.Add(new(null, AssociatedImageKind.Macro));
        }

        return plan;
    }
}
