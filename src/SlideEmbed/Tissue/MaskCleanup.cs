namespace SlideEmbed.Tissue;

/// <summary>
/// Removes small objects and fills small holes in a mask, in place. Objects are 8-connected
/// foreground components; holes are 4-connected background components that do not touch the image
/// border (the same dual connectivity as <see cref="ContourTracer"/>).
/// </summary>
/// <remarks>Not thread-safe for the same mask.</remarks>
public static class MaskCleanup
{
    /// <summary>Clears every object with fewer than <paramref name="minPixels"/> pixels.</summary>
    /// <param name="mask">The mask, modified in place.</param>
    /// <param name="minPixels">Smallest object kept, in pixels; fractional values compare as they are.</param>
    /// <returns>The number of objects removed.</returns>
    public static int RemoveObjectsSmallerThan(BinaryMask mask, double minPixels)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var components = RunLengthComponents.Build(mask);
        var keep = new byte[components.ComponentCount];
        var removed = 0;
        for (var c = 0; c < keep.Length; c++)
        {
            var kept = components.ComponentArea[c] >= minPixels;
            keep[c] = kept ? (byte)1 : (byte)0;
            removed += kept ? 0 : 1;
        }

        if (removed > 0)
        {
            // Holes keep their pixels as background; only whole objects go.
            components.Paint(mask, keep, new byte[components.HoleCount]);
        }

        return removed;
    }

    /// <summary>Fills every hole with fewer than <paramref name="maxPixelsExclusive"/> background pixels.</summary>
    /// <param name="mask">The mask, modified in place.</param>
    /// <param name="maxPixelsExclusive">Holes strictly smaller than this, in pixels, are filled.</param>
    /// <returns>The number of holes filled.</returns>
    public static int FillHolesSmallerThan(BinaryMask mask, double maxPixelsExclusive)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var components = RunLengthComponents.Build(mask);
        var fill = new byte[components.HoleCount];
        var filled = 0;
        for (var h = 0; h < fill.Length; h++)
        {
            var small = components.HoleArea[h] < maxPixelsExclusive;
            fill[h] = small ? (byte)1 : (byte)0;
            filled += small ? 1 : 0;
        }

        if (filled > 0)
        {
            var all = new byte[components.ComponentCount];
            Array.Fill(all, (byte)1);
            components.Paint(mask, all, fill);
        }

        return filled;
    }
}
