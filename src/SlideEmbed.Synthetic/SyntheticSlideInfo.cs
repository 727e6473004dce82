using SlideEmbed.Geometry;
using SlideEmbed.Slides;

namespace SlideEmbed.Synthetic;

/// <summary>What <see cref="SyntheticSlideWriter.Write"/> wrote.</summary>
/// <param name="Path">Full path of the slide file.</param>
/// <param name="Style">TIFF dialect.</param>
/// <param name="Compression">Tile compression.</param>
/// <param name="TileSize">The nominal tile width and height in pixels (<see cref="SyntheticSlideSpec.TileSize"/>).</param>
/// <param name="Levels">The pyramid, level 0 first, with the nominal integer downsamples the levels were rendered at (OpenSlide may report slightly different ones, computed from the rounded-up level sizes).</param>
/// <param name="LevelTileSizes">The tile size of each level (<see cref="SyntheticSlideSpec.TileSizeFor"/>).</param>
/// <param name="AssociatedImages">The associated images written, in file order (Aperio only).</param>
/// <param name="BigTiff">Whether the file is BigTIFF.</param>
/// <param name="FileSizeBytes">Size of the file in bytes.</param>
public sealed record SyntheticSlideInfo(
    string Path,
    SyntheticSlideStyle Style,
    SyntheticCompression Compression,
    int TileSize,
    IReadOnlyList<SlideLevel> Levels,
    IReadOnlyList<int> LevelTileSizes,
    IReadOnlyList<AssociatedImageInfo> AssociatedImages,
    bool BigTiff,
    long FileSizeBytes);
