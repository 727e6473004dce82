using System.CommandLine;

namespace SlideEmbed.Cli.Commands;

/// <summary>Options shared by several commands, defined once so their names and help agree.</summary>
public static class CommonOptions
{
    /// <summary><c>--slide-mpp</c>: level-0 microns per pixel for slides whose file has none.</summary>
    /// <returns>A new option instance.</returns>
    public static Option<double?> Mpp() => new("--slide-mpp")
    {
        Description = "Level-0 microns per pixel to use for slides whose metadata has none (the last link of the resolution chain).",
    };

    /// <summary><c>--slide-mpp-csv</c>: a CSV of slide,mpp rows.</summary>
    /// <returns>A new option instance.</returns>
    public static Option<string?> MppCsv() => new("--slide-mpp-csv")
    {
        Description = "CSV file with rows 'slide,mpp' (slide = path, file name or name without extension) giving level-0 microns per pixel for slides whose metadata has none.",
    };

    /// <summary><c>--out</c>: the output folder.</summary>
    /// <returns>A new option instance.</returns>
    public static Option<string> Out() => new("--out", "-o")
    {
        Description = "Output folder (created when missing).",
        Required = true,
    };

    /// <summary><c>--tissue</c>: tissue detection method.</summary>
    /// <returns>A new option instance.</returns>
    public static Option<string> Tissue() => new("--tissue")
    {
        Description = $"Tissue detection method: {string.Join(", ", SlideEmbed.Pipeline.TissueDetectorFactory.Names)}.",
        DefaultValueFactory = _ => SlideEmbed.Pipeline.TissueDetectorFactory.DefaultName,
    };

    /// <summary><c>--exclude-pen</c>: remove pen marks from tissue.</summary>
    /// <returns>A new option instance.</returns>
    public static Option<bool> ExcludePen() => new("--exclude-pen")
    {
        Description = "Remove blue, green and black pen marks from the detected tissue.",
    };

    /// <summary><c>--overlap</c>: tile overlap in pixels at the target resolution.</summary>
    /// <returns>A new option instance.</returns>
    public static Option<int> Overlap() => new("--overlap")
    {
        Description = "Overlap between neighbouring tiles, in pixels at the target resolution (stride = tile size - overlap).",
        DefaultValueFactory = _ => 0,
    };

    /// <summary><c>--min-tissue</c>: minimum tissue fraction per tile.</summary>
    /// <returns>A new option instance.</returns>
    public static Option<double> MinTissue() => new("--min-tissue")
    {
        Description = "Keep a tile when at least this fraction of its area is tissue (0 to 1; 0 keeps the whole grid).",
        DefaultValueFactory = _ => 0.25,
    };

    /// <summary><c>--max-tiles</c>: cap on tiles per slide.</summary>
    /// <returns>A new option instance.</returns>
    public static Option<int?> MaxTiles() => new("--max-tiles")
    {
        Description = "At most this many tiles per slide (those with the most tissue).",
    };
}
