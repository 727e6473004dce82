namespace SlideEmbed.Segmentation;

/// <summary>Patch start positions along one axis of the image a segmenter runs on.</summary>
public static class SegmentationGrid
{
    /// <summary>Start offsets of the patches along an axis.</summary>
    /// <param name="length">Image length along the axis, in pixels at the segmenter's resolution (&gt;= 1).</param>
    /// <param name="size">Patch side in pixels.</param>
    /// <param name="overlap">Overlap of neighbours in pixels, in [0, size).</param>
    /// <param name="edge">Edge handling.</param>
    /// <returns>Ascending start offsets; every pixel of the axis is covered at least once.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static IReadOnlyList<int> Starts(int length, int size, int overlap, SegmenterEdge edge)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(overlap, size);
        var step = size - overlap;
        var starts = new List<int>();
        if (edge == SegmenterEdge.PadBeyond || length <= size)
        {
            // PadBeyond: ceil(length / step) patches from 0, the last may run past the edge.
            var count = edge == SegmenterEdge.PadBeyond ? (length + step - 1) / step : 1;
            for (var i = 0; i < count; i++)
            {
                starts.Add(i * step);
            }

            return starts;
        }

        for (var s = 0; s + size < length; s += step)
        {
            starts.Add(s);
        }

        starts.Add(length - size);
        return starts;
    }
}
