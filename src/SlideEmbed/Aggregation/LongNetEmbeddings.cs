namespace SlideEmbed.Aggregation;

/// <summary>
/// Every pooled output of one forward pass of the GigaPath slide encoder (see <see cref="LongNetOutputKind"/>).
/// Each vector has <see cref="LongNetArchitecture.Width"/> values and has been through the outer <c>norm</c>.
/// </summary>
public sealed class LongNetEmbeddings
{
    private readonly float[] _cls;
    private readonly float[] _mean;
    private readonly float[][] _layersCls;
    private readonly float[][] _layersMean;

    internal LongNetEmbeddings(float[] cls, float[] mean, float[][] layersCls, float[][] layersMean)
    {
        _cls = cls;
        _mean = mean;
        _layersCls = layersCls;
        _layersMean = layersMean;
    }

    /// <summary><c>cls</c>: norm(final[0]).</summary>
    public ReadOnlySpan<float> Cls => _cls;

    /// <summary><c>mean</c>: norm(mean(final[1:])).</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>Number of hidden states pooled: depth + 1 (hidden state 0 is the input embeddings).</summary>
    public int HiddenStates => _layersCls.Length;

    /// <summary><c>layer-cls:N</c>: norm(h_N[0]).</summary>
    /// <param name="layer">Hidden-state index, 0 .. depth.</param>
    /// <returns>The vector.</returns>
    public ReadOnlySpan<float> LayerCls(int layer) => _layersCls[layer];

    /// <summary><c>layer-mean:N</c>: norm(mean(h_N[1:])).</summary>
    /// <param name="layer">Hidden-state index, 0 .. depth.</param>
    /// <returns>The vector.</returns>
    public ReadOnlySpan<float> LayerMean(int layer) => _layersMean[layer];

    /// <summary>The vector a named output selects, as a new array.</summary>
    /// <param name="output">The output.</param>
    /// <returns>A copy of the vector.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The output's layer exceeds the depth.</exception>
    public float[] Select(LongNetOutput output)
    {
        if (!output.UsesFinalLayer && output.Layer >= HiddenStates)
        {
            throw new ArgumentOutOfRangeException(nameof(output), output.ToString(), $"The encoder has hidden states 0 .. {HiddenStates - 1}.");
        }

        return output.Kind switch
        {
            LongNetOutputKind.Cls => Cls.ToArray(),
            LongNetOutputKind.Mean => Mean.ToArray(),
            LongNetOutputKind.LayerCls => LayerCls(output.Layer).ToArray(),
            _ => LayerMean(output.Layer).ToArray(),
        };
    }
}
