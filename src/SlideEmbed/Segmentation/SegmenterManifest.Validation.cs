namespace SlideEmbed.Segmentation;

/// <content>Range and consistency checks.</content>
public sealed partial record SegmenterManifest
{
    private void Validate()
    {
        Require(Mpp > 0 && double.IsFinite(Mpp), $"tile.mpp must be a positive number (got {Mpp}).");
        Require(HwMultiple >= 1, $"onnx.hw_multiple must be >= 1 (got {HwMultiple}).");
        Require(PatchSize >= HwMultiple && PatchSize % HwMultiple == 0, $"tile.size {PatchSize} must be a positive multiple of onnx.hw_multiple {HwMultiple}.");
        Require(Overlap >= 0 && Overlap < PatchSize, $"tile.overlap must be in [0, tile.size) (got {Overlap}).");
        Require(TileSource == SegmenterTileSource.Thumbnail || (Edge == SegmenterEdge.PadBeyond && Overlap == 0), $"tile.source 'slide' reads TRIDENT's grid: it needs tile.edge 'pad_beyond' and tile.overlap 0 (got '{Edge}', {Overlap}).");
        Require(BackgroundFill.Length == 3, "tile.background_fill must have three values (R, G, B).");
        Require(Mean.Length == 3 && Std.Length == 3 && Std.All(s => s > 0), "preprocess.mean and preprocess.std must have three values each, std > 0.");
        Require(Jpeg is null || Jpeg.Quality is >= 1 and <= 100, $"preprocess.jpeg.quality must be in [1, 100] (got {Jpeg?.Quality}).");
        Require(Classes.Count >= 2, "classes must name at least two classes.");
        Require(Foreground.Count >= 1 && Foreground.All(c => c >= 0 && c < Classes.Count) && Foreground.Distinct().Count() == Foreground.Count, $"foreground must list distinct class indices in [0, {Classes.Count}).");
        Require(Foreground.Count < Classes.Count, "foreground cannot list every class: nothing would be background.");
        Require(Threshold is >= 0 and < 1, $"decision.threshold must be in [0, 1) (got {Threshold}).");
        Require(ContourMaskHeight >= 1 && MinAreaPixels >= 0 && MinHoleAreaPixels >= 0 && MaxHoles >= 0, "postprocess values must be non-negative and contour_mask_height >= 1.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new FormatException(message);
        }
    }
}
