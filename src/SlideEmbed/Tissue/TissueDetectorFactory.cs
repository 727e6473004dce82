using SlideEmbed.Tissue;

namespace SlideEmbed.Tissue;

/// <summary>Builds tissue detectors from the names used on the command line and in configuration.</summary>
public static class TissueDetectorFactory
{
    /// <summary>The default method (see docs/TISSUE.md for the measurements behind it).</summary>
    public const string DefaultName = "clam:tcga";

    /// <summary>Every accepted name.</summary>
    public static IReadOnlyList<string> Names { get; } = ["clam:tcga", "clam:bwh_biopsy", "clam:bwh_resection", "clam-otsu:tcga", "otsu", "none"];

    /// <summary>Creates a detector.</summary>
    /// <param name="name">One of <see cref="Names"/> (<c>clam</c> alone means <c>clam:tcga</c>).</param>
    /// <param name="excludePenMarks">Remove blue, green and black ink from the tissue.</param>
    /// <returns>The detector.</returns>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static ITissueDetector Create(string name, bool excludePenMarks = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        var pen = excludePenMarks ? PenMarkOptions.Default : null;
        return name.Trim().ToLowerInvariant() switch
        {
            "clam" or "clam:tcga" => new ClamTissueDetector(ClamTissueOptions.Tcga with { PenMarks = pen }),
            "clam:bwh_biopsy" => new ClamTissueDetector(ClamTissueOptions.BwhBiopsy with { PenMarks = pen }),
            "clam:bwh_resection" => new ClamTissueDetector(ClamTissueOptions.BwhResection with { PenMarks = pen }),
            "clam-otsu" or "clam-otsu:tcga" => new ClamTissueDetector(ClamTissueOptions.Tcga with { UseOtsu = true, PenMarks = pen }),
            "otsu" => new OtsuTissueDetector(OtsuTissueOptions.Default with { PenMarks = pen }),
            "none" => new WholeSlideDetector(),
            _ => throw new ArgumentException($"Unknown tissue detection method '{name}'; use one of: {string.Join(", ", Names)}."),
        };
    }
}
