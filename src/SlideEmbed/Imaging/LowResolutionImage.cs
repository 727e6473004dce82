using SlideEmbed.Geometry;
using SlideEmbed.Slides;

namespace SlideEmbed.Imaging;

/// <summary>
/// A whole-slide image at low resolution (around 8-16 um/px) for tissue detection and QC pictures,
/// built from the nearest pyramid level in bounded memory.
/// </summary>
/// <remarks>
/// Level choice: the coarsest level whose resolution is at most <see cref="LowResolutionOptions.MaxMpp"/>
/// (level 0 when even it is coarser). That level is then box-averaged by the integer factor
/// <c>max(1, floor(TargetMpp / levelMpp))</c>, reading it in stripes, so a slide without low levels
/// (a single 40000 x 30000 level, say) never needs more than a stripe of <c>factor</c> rows in memory.
/// Pixel (i, j) of the result covers level-0 pixels [i * Downsample, (i + 1) * Downsample) in x, and the same in y.
/// </remarks>
public sealed class LowResolutionImage : IDisposable
{
    private LowResolutionImage(RgbImage image, int level, int factor, double downsample, MicronsPerPixel mpp)
    {
        Image = image;
        Level = level;
        Factor = factor;
        Downsample = downsample;
        Mpp = mpp;
    }

    /// <summary>The pixels; owned by this object.</summary>
    public RgbImage Image { get; }

    /// <summary>The pyramid level read.</summary>
    public int Level { get; }

    /// <summary>The box-averaging factor applied to that level (1 = none).</summary>
    public int Factor { get; }

    /// <summary>Level-0 pixels per pixel of <see cref="Image"/>.</summary>
    public double Downsample { get; }

    /// <summary>Resolution of <see cref="Image"/>: isotropic, the mean of the slide's x and y resolutions times <see cref="Downsample"/>.</summary>
    public MicronsPerPixel Mpp { get; }

    /// <summary>Reads the low-resolution image of a slide.</summary>
    /// <param name="slide">The open slide.</param>
    /// <param name="slideMpp">Level-0 resolution of the slide.</param>
    /// <param name="options">Target resolution and limits; null for defaults.</param>
    /// <param name="cancellationToken">Cancels between stripes.</param>
    /// <returns>The image; dispose it.</returns>
    /// <exception cref="SlideReadException">The slide could not be read.</exception>
    public static LowResolutionImage Read(ISlideSource slide, MicronsPerPixel slideMpp, LowResolutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slide);
        options ??= new LowResolutionOptions();
        var level = ChooseLevel(slide.Levels, slideMpp.Mean, options.MaxMpp.Mean);
        var levelMpp = slideMpp.Mean * level.Downsample;
        var factor = Math.Max(1, (int)Math.Floor(options.TargetMpp.Mean / levelMpp));
        var outW = (int)((level.Width + factor - 1) / factor);
        var outH = (int)((level.Height + factor - 1) / factor);
        if ((long)outW * outH > options.MaxPixels)
        {
            throw new SlideReadException(slide.Path, $"The low-resolution image of '{slide.Path}' would be {outW} x {outH} pixels, more than the limit of {options.MaxPixels}; the slide is larger than any real scan.");
        }

        var image = new RgbImage(outW, outH);
        try
        {
            if (factor == 1 && level.Width * level.Height <= options.StripePixels)
            {
                slide.ReadRegion(0, 0, level.Index, outW, outH, image.Pixels);
            }
            else
            {
                ReadInStripes(slide, level, factor, image, options.StripePixels, cancellationToken);
            }

            return new LowResolutionImage(image, level.Index, factor, level.Downsample * factor, MicronsPerPixel.Isotropic(levelMpp * factor));
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    internal static SlideLevel ChooseLevel(IReadOnlyList<SlideLevel> levels, double slideMpp, double maxMpp)
    {
        var best = levels[0];
        foreach (var level in levels)
        {
            if (slideMpp * level.Downsample <= maxMpp && level.Downsample > best.Downsample)
            {
                best = level;
            }
        }

        return best;
    }

    private static void ReadInStripes(ISlideSource slide, SlideLevel level, int factor, RgbImage output, long stripePixels, CancellationToken ct)
    {
        // Columns are read in chunks that are a multiple of the factor, rows in bands of `factor` rows,
        // so each output pixel's block is read exactly once.
        var chunkWidth = (int)Math.Max(factor, Math.Min(level.Width, stripePixels / factor / factor * factor));
        chunkWidth -= chunkWidth % factor;
        var band = new byte[chunkWidth * factor * 3];
        var sums = new int[(chunkWidth / factor) * 3];
        var counts = new int[chunkWidth / factor];
        for (var oy = 0; oy < output.Height; oy++)
        {
            ct.ThrowIfCancellationRequested();
            var ly = (long)oy * factor;
            var rows = (int)Math.Min(factor, level.Height - ly);
            var outRow = output.Row(oy);
            for (long lx = 0; lx < level.Width; lx += chunkWidth)
            {
                var cols = (int)Math.Min(chunkWidth, level.Width - lx);
                slide.ReadRegion(ToLevel0(lx, level), ToLevel0(ly, level), level.Index, cols, rows, band);
                Array.Clear(sums);
                Array.Clear(counts);
                for (var r = 0; r < rows; r++)
                {
                    var src = band.AsSpan(r * cols * 3, cols * 3);
                    for (var c = 0; c < cols; c++)
                    {
                        var o = c / factor;
                        sums[o * 3] += src[c * 3];
                        sums[(o * 3) + 1] += src[(c * 3) + 1];
                        sums[(o * 3) + 2] += src[(c * 3) + 2];
                        counts[o]++;
                    }
                }

                var outCols = (cols + factor - 1) / factor;
                var baseX = (int)(lx / factor);
                for (var o = 0; o < outCols; o++)
                {
                    var n = counts[o];
                    var d = ((baseX + o) * 3);
                    outRow[d] = (byte)((sums[o * 3] + (n / 2)) / n);
                    outRow[d + 1] = (byte)((sums[(o * 3) + 1] + (n / 2)) / n);
                    outRow[d + 2] = (byte)((sums[(o * 3) + 2] + (n / 2)) / n);
                }
            }
        }
    }

    // OpenSlide addresses a level by level-0 coordinates and divides by the downsample; rounding up
    // the product keeps the quotient from landing just below the intended level pixel.
    private static long ToLevel0(long levelCoordinate, SlideLevel level) =>
        level.Index == 0 ? levelCoordinate : (long)Math.Ceiling(levelCoordinate * level.Downsample);

    /// <inheritdoc />
    public void Dispose() => Image.Dispose();
}
