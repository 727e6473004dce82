namespace SlideEmbed.Segmentation;

/// <content>Patches read from the slide (<c>tile.source: "slide"</c>), TRIDENT's per-patch read.</content>
public sealed partial class SegmentationTissueDetector
{
    /// <summary>The size of the map <see cref="SegmentSlide"/> stitches for a slide.</summary>
    /// <param name="slide">The slide.</param>
    /// <returns>Width and height at the segmenter's resolution.</returns>
    public (int Width, int Height) SlideMapSize(SlideRegions slide)
    {
        ArgumentNullException.ThrowIfNull(slide);
        var grid = new SlidePatchGrid(slide.Levels, slide.Level0Mpp, Manifest.Mpp, Manifest.PatchSize);
        return (grid.MapWidth, grid.MapHeight);
    }

    /// <summary>
    /// Runs the segmenter on patches read from the slide (<see cref="SlidePatchGrid"/>): each level region
    /// is read with the part outside the slide filled with the manifest's background colour, resized to the
    /// patch size with <see cref="OpenCvLinearResize"/>, passed through the JPEG step if the manifest has
    /// one, normalised, run batch by batch and stitched. Memory: one batch of patches and one region.
    /// </summary>
    /// <param name="slide">The slide.</param>
    /// <param name="keepMargin">Also keep the decision margin per pixel.</param>
    /// <param name="runPatch">Given a patch's top-left corner in map pixels, whether to run it (a gate); null runs all.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The stitched map at the segmenter's resolution, covering the whole slide.</returns>
    /// <exception cref="Slides.SlideReadException">The slide could not be read.</exception>
    public SegmentationMap SegmentSlide(SlideRegions slide, bool keepMargin = true, Func<int, int, bool>? runPatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slide);
        var m = Manifest;
        var grid = new SlidePatchGrid(slide.Levels, slide.Level0Mpp, m.Mpp, m.PatchSize);
        var all = grid.Patches().Where(p => runPatch is null || runPatch(p.MapX, p.MapY)).ToList();
        var region = new byte[grid.RegionSize * grid.RegionSize * 3];
        var tile = new byte[m.PatchSize * m.PatchSize * 3];
        var patches = all.Select(p => (p.MapX, p.MapY)).ToList();
        return Run(grid.MapWidth, grid.MapHeight, patches, keepMargin, (i, destination) =>
        {
            slide.ReadSquare(all[i].X0, all[i].Y0, grid.Level, grid.RegionSize, m.BackgroundFill, region);
            OpenCvLinearResize.Resize(region, grid.RegionSize, grid.RegionSize, tile, m.PatchSize, m.PatchSize);
            _jpeg?.RoundTrip(tile, m.PatchSize, m.PatchSize, m.Jpeg!);
            SegmentationInput.Normalise(m, tile, destination);
        }, cancellationToken);
    }
}
