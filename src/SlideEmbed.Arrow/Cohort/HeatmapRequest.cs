using SlideEmbed.Cohort;
using SlideEmbed.Imaging;

namespace SlideEmbed.Arrow.Cohort;

/// <summary>Settings of <see cref="HeatmapRenderer.Render"/>.</summary>
public sealed class HeatmapRequest
{
    /// <summary>The tile embedding file.</summary>
    public required string TileFile { get; init; }

    /// <summary>What to show.</summary>
    public required HeatmapMode Mode { get; init; }

    /// <summary>Output folder for <c>&lt;slide_id&gt;.heatmap-&lt;mode&gt;.png</c> and <c>.geojson</c>.</summary>
    public required string OutDir { get; init; }

    /// <summary>For <see cref="HeatmapMode.Token"/>: the codebook to assign tiles with.</summary>
    public string? CodebookPath { get; init; }

    /// <summary>For <see cref="HeatmapMode.Pca"/>: a model fitted on the cohort; null fits one on this slide.</summary>
    public PcaModel? Pca { get; init; }

    /// <summary>For <see cref="HeatmapMode.Score"/>: the CSV of scores.</summary>
    public string? ScoreFile { get; init; }

    /// <summary>For <see cref="HeatmapMode.Score"/>: the score column, or null for the first one.</summary>
    public string? ScoreColumn { get; init; }

    /// <summary>Opacity of tile colours over the background, 0-1; default 1.</summary>
    public double Alpha { get; init; } = 1;

    /// <summary>Thumbnail of the slide to paint on, and its downsample from level 0; null for a white canvas.</summary>
    public (RgbImage Image, double Downsample)? Background { get; init; }

    /// <summary>Threads for token assignment.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
