using SlideEmbed.Synthetic.Rendering;

namespace SlideEmbed.Synthetic;

/// <content>Rendering images and masks row by row from the analytic shapes.</content>
public sealed partial class SyntheticScene
{
    /// <summary>Renders the tissue mask of the image at <paramref name="downsample"/> starting at its top-left corner.</summary>
    /// <param name="width">Mask width in pixels.</param>
    /// <param name="height">Mask height in pixels.</param>
    /// <param name="downsample">Level-0 pixels per mask pixel, &gt; 0.</param>
    /// <returns>Row-major bytes, 1 = tissue and 0 = background (the convention of <c>SlideEmbed.Tissue.BinaryMask</c>).</returns>
    public byte[] RenderTissueMask(int width, int height, double downsample) => RenderTissueMask(0, 0, width, height, downsample);

    /// <summary>Renders part of the tissue mask of the image at <paramref name="downsample"/>.</summary>
    /// <param name="left">First column, in pixels of that image.</param>
    /// <param name="top">First row, in pixels of that image.</param>
    /// <param name="width">Mask width in pixels.</param>
    /// <param name="height">Mask height in pixels.</param>
    /// <param name="downsample">Level-0 pixels per mask pixel, &gt; 0.</param>
    /// <returns>Row-major bytes, 1 = tissue and 0 = background; pixel (i, j) is <see cref="IsTissue"/> at ((left + i + 0.5) * d, (top + j + 0.5) * d).</returns>
    public byte[] RenderTissueMask(long left, long top, int width, int height, double downsample)
    {
        CheckRegion(width, height, downsample);
        var mask = new byte[checked(width * height)];
        var scratch = new RunScratch();
        for (var j = 0; j < height; j++)
        {
            var row = new SampleRow(left, width, downsample);
            var runs = TissueRuns(PixelCenter(top + j, downsample), row, scratch);
            var line = mask.AsSpan(j * width, width);
            foreach (var run in runs)
            {
                line[run.Start..run.End].Fill(1);
            }
        }

        return mask;
    }

    /// <summary>
    /// Renders a region of the image at <paramref name="downsample"/> as interleaved RGB, exactly as
    /// the slide writer stores it before compression.
    /// </summary>
    /// <param name="left">First column, in pixels of that image.</param>
    /// <param name="top">First row, in pixels of that image.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="downsample">Level-0 pixels per image pixel, &gt; 0.</param>
    /// <param name="destination">At least <c>width * height * 3</c> bytes, row stride <c>width * 3</c>.</param>
    public void RenderRegion(long left, long top, int width, int height, double downsample, Span<byte> destination)
    {
        CheckRegion(width, height, downsample);
        var stride = width * 3;
        if (destination.Length < (long)stride * height)
        {
            throw new ArgumentException($"The destination has {destination.Length} bytes; {width} x {height} RGB needs {(long)stride * height}.", nameof(destination));
        }

        var scratch = new RunScratch();
        var bg = Background;
        for (var j = 0; j < height; j++)
        {
            var line = destination.Slice(j * stride, stride);
            FillBackground(line, bg);
            var y = PixelCenter(top + j, downsample);
            var row = new SampleRow(left, width, downsample);
            foreach (var run in TissueRuns(y, row, scratch))
            {
                for (var k = run.Start; k < run.End; k++)
                {
                    var c = TissueColors.At(row.X(k), y, Seed);
                    var o = k * 3;
                    line[o] = c.R;
                    line[o + 1] = c.G;
                    line[o + 2] = c.B;
                }
            }
        }
    }

    /// <summary>Whether any shape's bounding box meets the level-0 rectangle; false proves every pixel sampled inside it is background.</summary>
    internal bool MayHaveTissue(double minX, double minY, double maxX, double maxY)
    {
        foreach (var shape in Shapes)
        {
            if (shape.Bounds.Intersects(minX, minY, maxX, maxY))
            {
                return true;
            }
        }

        return false;
    }

    internal static void FillBackground(Span<byte> rgb, Imaging.RgbColor color)
    {
        if (color.R == color.G && color.G == color.B)
        {
            rgb.Fill(color.R);
            return;
        }

        for (var o = 0; o + 2 < rgb.Length; o += 3)
        {
            rgb[o] = color.R;
            rgb[o + 1] = color.G;
            rgb[o + 2] = color.B;
        }
    }

    private static void CheckRegion(int width, int height, double downsample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        if (!double.IsFinite(downsample) || downsample <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(downsample), downsample, "The downsample must be finite and positive.");
        }
    }

    // The union of the shapes' runs on one row; runs of different shapes may overlap.
    private List<PixelRun> TissueRuns(double y, SampleRow row, RunScratch scratch)
    {
        var runs = scratch.Row;
        runs.Clear();
        foreach (var shape in Shapes)
        {
            var b = shape.Bounds;
            if (y >= b.MinY && y <= b.MaxY)
            {
                shape.AppendRuns(y, row, runs, scratch);
            }
        }

        return runs;
    }
}
