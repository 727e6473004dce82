using SlideEmbed.Imaging;

namespace SlideEmbed.Synthetic.Writing;

/// <summary>Pixels of the Aperio associated images: small, so rendered whole.</summary>
internal static class AssociatedImageRenderer
{
    private static readonly RgbColor s_glass = new(226, 228, 232);
    private static readonly RgbColor s_paper = new(250, 250, 250);
    private static readonly RgbColor s_ink = new(20, 20, 20);

    /// <summary>The thumbnail size: longer side <see cref="SyntheticSlideWriter.ThumbnailMaxSide"/> (or the slide's, if smaller), the other side rounded up.</summary>
    public static (int Width, int Height, double Downsample) ThumbnailGeometry(SyntheticSlideSpec spec)
    {
        var longer = Math.Max(spec.Width, spec.Height);
        if (longer <= SyntheticSlideWriter.ThumbnailMaxSide)
        {
            return ((int)spec.Width, (int)spec.Height, 1);
        }

        var side = (long)SyntheticSlideWriter.ThumbnailMaxSide;
        var w = (int)SyntheticSlideSpec.CeilDiv(spec.Width * side, longer);
        var h = (int)SyntheticSlideSpec.CeilDiv(spec.Height * side, longer);
        return (w, h, longer / (double)side);
    }

    public static byte[] Render(AssociatedImageKind kind, SyntheticSlideSpec spec, SyntheticScene scene, out int width, out int height)
    {
        switch (kind)
        {
            case AssociatedImageKind.Thumbnail:
                {
                    var (w, h, d) = ThumbnailGeometry(spec);
                    var rgb = new byte[w * h * 3];
                    scene.RenderRegion(0, 0, w, h, d, rgb);
                    (width, height) = (w, h);
                    return rgb;
                }

            case AssociatedImageKind.Label:
                (width, height) = (SyntheticSlideWriter.LabelWidth, SyntheticSlideWriter.LabelHeight);
                return Label(spec.Seed);

            default:
                (width, height) = (SyntheticSlideWriter.MacroWidth, SyntheticSlideWriter.MacroHeight);
                return Macro(spec, scene, Label(spec.Seed));
        }
    }

    // White paper with a seeded 2-D "barcode" of 16 x 16 modules, so labels of different seeds differ.
    private static byte[] Label(int seed)
    {
        const int w = SyntheticSlideWriter.LabelWidth;
        const int h = SyntheticSlideWriter.LabelHeight;
        const int modules = 16;
        const int module = 16;
        const int origin = (w - (modules * module)) / 2;
        var rgb = new byte[w * h * 3];
        SyntheticScene.FillBackground(rgb, s_paper);
        for (var my = 0; my < modules; my++)
        {
            for (var mx = 0; mx < modules; mx++)
            {
                var border = mx == 0 || my == 0 || mx == modules - 1 || my == modules - 1;
                var bit = (Mix((uint)seed, (uint)((my * modules) + mx)) & 1) == 1;
                if (border || bit)
                {
                    FillRect(rgb, w, origin + (mx * module), origin + (my * module), module, module, s_ink);
                }
            }
        }

        return rgb;
    }

    // Glass with the label on the left third and the slide's content, scaled to fit, on the rest.
    private static byte[] Macro(SyntheticSlideSpec spec, SyntheticScene scene, byte[] label)
    {
        const int w = SyntheticSlideWriter.MacroWidth;
        const int h = SyntheticSlideWriter.MacroHeight;
        const int labelWidth = w / 3;
        const int margin = 16;
        var rgb = new byte[w * h * 3];
        SyntheticScene.FillBackground(rgb, s_glass);

        // The label, scaled by nearest neighbour into the left third.
        const int lw = labelWidth - (2 * margin);
        const int lh = h - (2 * margin);
        for (var y = 0; y < lh; y++)
        {
            var sy = y * SyntheticSlideWriter.LabelHeight / lh;
            for (var x = 0; x < lw; x++)
            {
                var sx = x * SyntheticSlideWriter.LabelWidth / lw;
                label.AsSpan(((sy * SyntheticSlideWriter.LabelWidth) + sx) * 3, 3).CopyTo(rgb.AsSpan((((margin + y) * w) + margin + x) * 3));
            }
        }

        var areaW = w - labelWidth - (2 * margin);
        var areaH = h - (2 * margin);
        var d = Math.Max(spec.Width / (double)areaW, spec.Height / (double)areaH);
        var sw = (int)Math.Min(areaW, Math.Ceiling(spec.Width / d));
        var sh = (int)Math.Min(areaH, Math.Ceiling(spec.Height / d));
        var scaled = new byte[sw * sh * 3];
        scene.RenderRegion(0, 0, sw, sh, d, scaled);
        var left = labelWidth + margin + ((areaW - sw) / 2);
        var top = margin + ((areaH - sh) / 2);
        for (var y = 0; y < sh; y++)
        {
            scaled.AsSpan(y * sw * 3, sw * 3).CopyTo(rgb.AsSpan((((top + y) * w) + left) * 3));
        }

        return rgb;
    }

    private static void FillRect(byte[] rgb, int stridePixels, int x, int y, int w, int h, RgbColor color)
    {
        for (var row = y; row < y + h; row++)
        {
            SyntheticScene.FillBackground(rgb.AsSpan(((row * stridePixels) + x) * 3, w * 3), color);
        }
    }

    private static uint Mix(uint a, uint b)
    {
        var z = (a * 0x9E3779B1u) ^ (b * 0x85EBCA77u);
        z ^= z >> 15;
        z *= 0x2C1B3C6Du;
        z ^= z >> 12;
        return z;
    }
}
