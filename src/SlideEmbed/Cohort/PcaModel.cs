using System.Numerics.Tensors;

namespace SlideEmbed.Cohort;

/// <summary>
/// A fitted principal component analysis: the mean and the leading unit components, each signed so
/// that its largest-magnitude loading is positive (a convention that makes colours reproducible).
/// </summary>
/// <remarks>Immutable; safe to share across threads.</remarks>
public sealed class PcaModel
{
    private readonly float[] _mean;
    private readonly float[] _components;

    /// <summary>Creates a model (arrays are copied).</summary>
    /// <param name="mean">Mean row, <c>dimension</c> values.</param>
    /// <param name="components"><c>count x dimension</c> unit rows, leading component first.</param>
    /// <param name="variances">Variance along each component.</param>
    public PcaModel(ReadOnlySpan<float> mean, ReadOnlySpan<float> components, ReadOnlySpan<double> variances)
    {
        Dimension = mean.Length;
        Count = variances.Length;
        if (Dimension == 0 || components.Length != Count * Dimension)
        {
            throw new ArgumentException($"{Count} components of {Dimension} values need {Count * Dimension} floats; got {components.Length}.");
        }

        _mean = mean.ToArray();
        _components = components.ToArray();
        Variances = variances.ToArray();
    }

    /// <summary>Values per row.</summary>
    public int Dimension { get; }

    /// <summary>Number of components.</summary>
    public int Count { get; }

    /// <summary>The mean row.</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>Variance of the fitted rows along each component, leading first.</summary>
    public IReadOnlyList<double> Variances { get; }

    /// <summary>One component.</summary>
    /// <param name="index">0 for the leading component.</param>
    /// <returns>Its unit vector.</returns>
    public ReadOnlySpan<float> Component(int index) => _components.AsSpan(index * Dimension, Dimension);

    /// <summary>Projects rows onto the components.</summary>
    /// <param name="rows"><c>n x Dimension</c> row-major.</param>
    /// <returns><c>n x Count</c> scores; NaN for a non-finite row.</returns>
    public float[] Project(ReadOnlySpan<float> rows)
    {
        var n = rows.Length / Dimension;
        var scores = new float[n * Count];
        var centred = new float[Dimension];
        for (var i = 0; i < n; i++)
        {
            var row = rows.Slice(i * Dimension, Dimension);
            var finite = RowMath.IsFinite(row);
            TensorPrimitives.Subtract(row, _mean, centred);
            for (var c = 0; c < Count; c++)
            {
                scores[(i * Count) + c] = finite ? TensorPrimitives.Dot(centred, Component(c)) : float.NaN;
            }
        }

        return scores;
    }
}
