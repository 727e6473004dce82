using System.Globalization;
using SlideEmbed.Imaging;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tiling;

/// <summary>Everything tissue detection and tiling found for one slide. Owns <see cref="LowResolution"/>.</summary>
public sealed class SlideTilingResult : IDisposable
{
    /// <summary>Creates the result.</summary>
    /// <param name="resolution">Level-0 resolution used.</param>
    /// <param name="lowResolution">The detection image (owned).</param>
    /// <param name="detection">Mask and regions in detection-image pixels.</param>
    /// <param name="level0Regions">Regions in level-0 pixels.</param>
    /// <param name="grid">The tile grid.</param>
    public SlideTilingResult(SlideResolution resolution, LowResolutionImage lowResolution, TissueDetectionResult detection, IReadOnlyList<TissueRegion> level0Regions, TileGrid grid)
    {
        Resolution = resolution;
        LowResolution = lowResolution;
        Detection = detection;
        Level0Regions = level0Regions;
        Grid = grid;
    }

    /// <summary>Level-0 resolution used and where it came from.</summary>
    public SlideResolution Resolution { get; }

    /// <summary>The low-resolution image tissue was detected on.</summary>
    public LowResolutionImage LowResolution { get; }

    /// <summary>Mask and regions in detection-image pixels.</summary>
    public TissueDetectionResult Detection { get; }

    /// <summary>Tissue regions in level-0 pixels.</summary>
    public IReadOnlyList<TissueRegion> Level0Regions { get; }

    /// <summary>The tiles.</summary>
    public TileGrid Grid { get; }

    /// <summary>
    /// What a user should hear about this slide's tiling: no tissue found, no tile with enough tissue,
    /// or a scan coarser than the target resolution (tiles upsampled). Empty when all is well.
    /// </summary>
    /// <param name="path">The slide path, named in each message.</param>
    /// <param name="slideId">The slide id (names its QC picture).</param>
    /// <param name="minTissueFraction">The <c>--min-tissue</c> setting used.</param>
    /// <returns>One sentence per warning, without a "warning:" prefix.</returns>
    public IReadOnlyList<string> Warnings(string path, string slideId, double minTissueFraction)
    {
        var warnings = new List<string>();
        var g = Grid;
        if (g.Tiles.Count == 0)
        {
            warnings.Add(Detection.ArtifactsErasedAllTissue
                ? $"the artifact model '{Detection.ArtifactModel}' removed all the tissue found on '{path}' (--exclude-pen / --exclude-artifacts); its tile table is empty. Check {slideId}.qc.png, or run without them."
                : Detection.Regions.Count == 0
                ? $"no tissue found on '{path}'; its tile table is empty. Check {slideId}.qc.png, or try --tissue otsu or --tissue none."
                : string.Create(CultureInfo.InvariantCulture, $"tissue was found on '{path}' but no tile has --min-tissue {minTissueFraction} of it; its tile table is empty. Lower --min-tissue or --tile-size."));
        }

        if (Resolution.Mpp.Mean > g.TargetMpp.Mean * (1 + 1e-6))
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"'{path}' was scanned at {Resolution.Mpp} um/px, coarser than the {g.TargetMpp} um/px target: tiles are upsampled from {g.EdgeAtReadLevelPx} px."));
        }

        return warnings;
    }

    /// <inheritdoc />
    public void Dispose() => LowResolution.Dispose();
}
