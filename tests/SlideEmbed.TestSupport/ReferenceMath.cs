namespace SlideEmbed.TestSupport;

/// <summary>Reference computations in double precision, written out plainly so tests do not share code with what they check.</summary>
public static class ReferenceMath
{
    /// <summary>Cosine similarity <c>q . x / (|q| |x|)</c> in double.</summary>
    /// <param name="q">A vector.</param>
    /// <param name="x">Another, same length.</param>
    /// <returns>The similarity.</returns>
    public static double Cosine(ReadOnlySpan<float> q, ReadOnlySpan<float> x)
    {
        double dot = 0, qq = 0, xx = 0;
        for (var i = 0; i < q.Length; i++)
        {
            dot += (double)q[i] * x[i];
            qq += (double)q[i] * q[i];
            xx += (double)x[i] * x[i];
        }

        return dot / Math.Sqrt(qq * xx);
    }
}
