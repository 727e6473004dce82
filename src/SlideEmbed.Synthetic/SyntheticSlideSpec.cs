using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Synthetic.Shapes;

namespace SlideEmbed.Synthetic;

/// <summary>
/// Everything that determines a synthetic slide: size, resolution, TIFF dialect, tiling, compression,
/// pyramid, scene (shapes, colours, seed) and associated images. The same spec gives the same bytes
/// whatever <see cref="MaxDegreeOfParallelism"/> is (with the same LibTiff.NET and runtime zlib).
/// </summary>
/// <remarks>
/// Each property checks its own range when set (so <c>with</c> expressions validate too);
/// <see cref="Validate"/> checks the rules that involve several properties and is called by
/// <see cref="SyntheticSlideWriter.Write"/>. Immutable once built.
/// </remarks>
public sealed partial record SyntheticSlideSpec
{
    /// <summary>Largest accepted width or height of level 0, in pixels (TIFF stores dimensions as 32-bit values).</summary>
    public const long MaxDimension = int.MaxValue;

    private readonly SyntheticSlideStyle _style;
    private readonly int _tileSize = 256;
    private readonly SyntheticCompression _compression;
    private readonly int _jpegQuality = 90;
    private readonly SyntheticJpegColorSpace _jpegColorSpace;
    private readonly IReadOnlyList<int>? _downsamples;
    private readonly IReadOnlyList<TissueShape> _shapes = [];
    private readonly TissueColors _tissueColors = TissueColors.HematoxylinEosin;
    private readonly double? _objectivePower;
    private readonly int _maxDegreeOfParallelism = -1;

    /// <summary>Creates a spec with every other property at its default.</summary>
    /// <param name="width">Level-0 width in pixels, 1 to <see cref="MaxDimension"/>.</param>
    /// <param name="height">Level-0 height in pixels, 1 to <see cref="MaxDimension"/>.</param>
    /// <param name="mpp">Level-0 resolution in microns per pixel.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is out of range, or <paramref name="mpp"/> is the unset default.</exception>
    public SyntheticSlideSpec(long width, long height, MicronsPerPixel mpp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxDimension);
        if (!(mpp.X > 0) || !(mpp.Y > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(mpp), mpp, "The resolution must be set (default(MicronsPerPixel) is not a resolution).");
        }

        Width = width;
        Height = height;
        Mpp = mpp;
    }

    /// <summary>Level-0 width in pixels.</summary>
    public long Width { get; }

    /// <summary>Level-0 height in pixels.</summary>
    public long Height { get; }

    /// <summary>Level-0 microns per pixel, written to the file (how depends on <see cref="Style"/>).</summary>
    public MicronsPerPixel Mpp { get; }

    /// <summary>The TIFF dialect. Default <see cref="SyntheticSlideStyle.Generic"/>.</summary>
    public SyntheticSlideStyle Style
    {
        get => _style;
        init => _style = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown style.");
    }

    /// <summary>
    /// Tile width and height in pixels: a multiple of 16 from 16 to 4096 (16 so JPEG with 2 x 2 chroma
    /// subsampling fits whole blocks). Default 256. Deflate levels smaller than a tile use smaller tiles
    /// (see <see cref="TileSizeFor"/>).
    /// </summary>
    public int TileSize
    {
        get => _tileSize;
        init
        {
            if (value < 16 || value > 4096 || value % 16 != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The tile size must be a multiple of 16 from 16 to 4096.");
            }

            _tileSize = value;
        }
    }

    /// <summary>Tile compression. Default <see cref="SyntheticCompression.Jpeg"/>.</summary>
    public SyntheticCompression Compression
    {
        get => _compression;
        init => _compression = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown compression.");
    }

    /// <summary>JPEG quality, 1 to 100 (IJG scale). Default 90. Ignored for Deflate.</summary>
    public int JpegQuality
    {
        get => _jpegQuality;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100);
            _jpegQuality = value;
        }
    }

    /// <summary>Colour space of JPEG tiles. Default <see cref="SyntheticJpegColorSpace.YCbCr"/>. Ignored for Deflate.</summary>
    public SyntheticJpegColorSpace JpegColorSpace
    {
        get => _jpegColorSpace;
        init => _jpegColorSpace = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown JPEG colour space.");
    }

    /// <summary>
    /// Integer downsample of each pyramid level, starting with 1 and strictly increasing (e.g. 1, 2, 4, 8),
    /// or null (the default) for Aperio-like powers of 4: 1, 4, 16, ... kept while the level's longer side
    /// is at least <see cref="TileSize"/>. A level with downsample d is ceil(Width / d) x ceil(Height / d).
    /// </summary>
    public IReadOnlyList<int>? Downsamples
    {
        get => _downsamples;
        init
        {
            if (value is not null)
            {
                if (value.Count == 0 || value[0] != 1)
                {
                    throw new ArgumentException("The first downsample must be 1 (level 0).", nameof(value));
                }

                for (var i = 1; i < value.Count; i++)
                {
                    if (value[i] <= value[i - 1])
                    {
                        throw new ArgumentException($"Downsamples must strictly increase; {value[i]} follows {value[i - 1]}.", nameof(value));
                    }
                }

                value = Array.AsReadOnly(value.ToArray());
            }

            _downsamples = value;
        }
    }

    /// <summary>Tissue shapes in level-0 pixels. Default none (a blank slide).</summary>
    public IReadOnlyList<TissueShape> Shapes
    {
        get => _shapes;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            var copy = value.ToArray();
            if (Array.IndexOf(copy, null) >= 0)
            {
                throw new ArgumentException("A shape is null.", nameof(value));
            }

            _shapes = Array.AsReadOnly(copy);
        }
    }

    /// <summary>Seed of the tissue texture (and of the label's pattern). Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Background colour: near-white (243, 243, 243) by default, HSV saturation 0, like glass under a brightfield scanner.</summary>
    public RgbColor Background { get; init; } = new(243, 243, 243);

    /// <summary>Tissue palette and texture. Default <see cref="TissueColors.HematoxylinEosin"/> (saturation at least 0.32).</summary>
    public TissueColors TissueColors
    {
        get => _tissueColors;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _tissueColors = value;
        }
    }

    /// <summary>Objective power written as Aperio <c>AppMag</c>; null (default) for 10 / mpp rounded to two decimals (40 at 0.25 mpp). Aperio style only.</summary>
    public double? ObjectivePower
    {
        get => _objectivePower;
        init
        {
            if (value is { } v && (!double.IsFinite(v) || v <= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The objective power must be finite and positive.");
            }

            _objectivePower = value;
        }
    }

    /// <summary>Write an Aperio thumbnail (second directory, stripped; longer side <see cref="SyntheticSlideWriter.ThumbnailMaxSide"/>). Aperio style only. Default false.</summary>
    public bool IncludeThumbnail { get; init; }

    /// <summary>Write an Aperio label image (<see cref="SyntheticSlideWriter.LabelWidth"/> x <see cref="SyntheticSlideWriter.LabelHeight"/>, stripped, near the end). Aperio style only. Default false.</summary>
    public bool IncludeLabel { get; init; }

    /// <summary>Write an Aperio macro image (<see cref="SyntheticSlideWriter.MacroWidth"/> x <see cref="SyntheticSlideWriter.MacroHeight"/>, stripped, last). Aperio style only. Default false.</summary>
    public bool IncludeMacro { get; init; }

    /// <summary>
    /// Whether to write BigTIFF (64-bit offsets). Null (default) decides automatically: BigTIFF only when
    /// the uncompressed tiles could pass 4 GiB, otherwise classic TIFF like most scanners write. A classic
    /// file that outgrows 4 GiB anyway fails with a clear error instead of being corrupted.
    /// </summary>
    public bool? BigTiff { get; init; }

    /// <summary>Threads that render and compress tiles; -1 (default) for all processors. Does not change the output.</summary>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init
        {
            if (value is 0 or < -1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Use -1 for all processors or a positive count.");
            }

            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>The scene these settings describe.</summary>
    /// <returns>A new immutable scene.</returns>
    public SyntheticScene CreateScene() => new(Shapes, Background, TissueColors, Seed);
}
