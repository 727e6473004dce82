namespace SlideEmbed.Aggregation;

/// <summary>
/// The geometry of one dilated-attention branch for a sequence of L tokens:
/// <c>s = min(segment, L)</c>, <c>nseg = ceil(L / s)</c>, <c>m = ceil(s / r)</c> keys per segment and head,
/// <c>G = ceil(H / r)</c> heads per offset; head h reads positions <c>g s + (h div G) + r u</c>, u &lt; m.
/// </summary>
/// <param name="Segment">Effective segment length s.</param>
/// <param name="Ratio">Dilation ratio r.</param>
/// <param name="Segments">Number of segments nseg.</param>
/// <param name="Keys">Keys (and queries) per segment and head, m, phantoms included.</param>
/// <param name="HeadsPerOffset">G.</param>
internal readonly record struct DilatedBranch(int Segment, int Ratio, int Segments, int Keys, int HeadsPerOffset)
{
    /// <summary>The branch geometry for a sequence length.</summary>
    /// <param name="segmentLength">Configured segment length.</param>
    /// <param name="ratio">Dilation ratio.</param>
    /// <param name="length">Sequence length L (tiles + CLS).</param>
    /// <param name="heads">Heads H.</param>
    /// <returns>The geometry.</returns>
    public static DilatedBranch For(int segmentLength, int ratio, int length, int heads)
    {
        var s = Math.Min(segmentLength, length);
        return new DilatedBranch(s, ratio, (length + s - 1) / s, (s + ratio - 1) / ratio, (heads + ratio - 1) / ratio);
    }

    /// <summary>
    /// True when the original implementation handles this branch correctly. With several segments and a
    /// segment length that the ratio does not divide, the original pads each segment and scatters outputs
    /// to wrong positions; such sequences are rejected rather than reproduced.
    /// </summary>
    public bool IsFaithful => Segments == 1 || Segment % Ratio == 0;

    /// <summary>First position read by a head in a segment.</summary>
    /// <param name="segment">Segment index g.</param>
    /// <param name="head">Head index h.</param>
    /// <returns><c>g s + h div G</c>.</returns>
    public long Start(int segment, int head) => ((long)segment * Segment) + (head / HeadsPerOffset);

    /// <summary>How many of the m positions of (segment, head) are real tokens (&lt; L); the rest are phantom keys.</summary>
    /// <param name="segment">Segment index g.</param>
    /// <param name="head">Head index h.</param>
    /// <param name="length">Sequence length L.</param>
    /// <returns>0 .. m.</returns>
    public int RealKeys(int segment, int head, int length)
    {
        var start = Start(segment, head);
        return start >= length ? 0 : (int)Math.Min(Keys, (length - start + Ratio - 1) / Ratio);
    }
}
