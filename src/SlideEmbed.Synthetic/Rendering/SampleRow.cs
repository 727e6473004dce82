namespace SlideEmbed.Synthetic.Rendering;

/// <summary>
/// A row of output pixels and where their centres fall in level 0: local pixel <c>k</c> is global
/// column <c>Start + k</c> of a level with downsample <c>Downsample</c>, and its centre is at
/// level-0 x = <c>(Start + k + 0.5) * Downsample</c>.
/// </summary>
internal readonly struct SampleRow
{
    public SampleRow(long start, int count, double downsample)
    {
        Start = start;
        Count = count;
        Downsample = downsample;
    }

    public long Start { get; }

    public int Count { get; }

    public double Downsample { get; }

    /// <summary>The level-0 x of local pixel <paramref name="k"/>'s centre; the one formula every caller uses.</summary>
    public double X(int k) => Center(Start + k, Downsample);

    /// <summary>Level-0 coordinate of the centre of pixel <paramref name="index"/> of a level with downsample <paramref name="downsample"/>.</summary>
    public static double Center(long index, double downsample) => (index + 0.5) * downsample;

    /// <summary>The smallest local index whose centre is at or right of <paramref name="x"/>, or <see cref="Count"/> when none is.</summary>
    public int FirstAtOrAbove(double x)
    {
        var guess = (x / Downsample) - 0.5 - Start;
        int k;
        if (!(guess > 0))
        {
            k = 0;
        }
        else if (guess >= Count)
        {
            k = Count;
        }
        else
        {
            k = (int)Math.Ceiling(guess);
        }

        // The guess can be off by one through rounding; settle it with the exact comparison.
        while (k > 0 && X(k - 1) >= x)
        {
            k--;
        }

        while (k < Count && X(k) < x)
        {
            k++;
        }

        return k;
    }
}
