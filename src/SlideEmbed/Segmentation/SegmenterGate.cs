namespace SlideEmbed.Segmentation;

/// <summary>
/// Where a second-pass segmenter runs (manifest <c>gate</c>): only on patches with more than
/// <see cref="MinTissuePixels"/> tissue pixels in the first pass's mask, seen at the segmenter's resolution;
/// every other pixel, and every pixel the tissue mask calls background, stays background.
/// </summary>
/// <param name="MinTissuePixels">A patch runs when it holds more tissue pixels than this (GrandQC: 50).</param>
public sealed record SegmenterGate(int MinTissuePixels);
