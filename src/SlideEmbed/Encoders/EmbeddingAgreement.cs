using System.Numerics.Tensors;

namespace SlideEmbed.Encoders;

/// <summary>How closely two runs' tile embeddings agree, over the tiles both have (matched by level-0 position).</summary>
/// <param name="Matched">Tiles present in both runs.</param>
/// <param name="MaxAbs">Largest absolute difference of any value.</param>
/// <param name="MinCosine">Smallest cosine similarity of a tile pair.</param>
public sealed record EmbeddingAgreement(int Matched, double MaxAbs, double MinCosine)
{
    /// <summary>Compares the tiles at equal positions.</summary>
    /// <param name="dimension">Values per embedding, the same in both.</param>
    /// <param name="a">First run: positions and embeddings (row-major, <paramref name="dimension"/> per tile).</param>
    /// <param name="b">Second run.</param>
    /// <returns>The agreement; <see cref="Matched"/> is 0 when no position is shared.</returns>
    public static EmbeddingAgreement Compare(int dimension, (IReadOnlyList<(long X, long Y)> Positions, float[] Embeddings) a, (IReadOnlyList<(long X, long Y)> Positions, float[] Embeddings) b)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var index = new Dictionary<(long, long), int>();
        for (var i = 0; i < b.Positions.Count; i++)
        {
            index[b.Positions[i]] = i;
        }

        var matched = 0;
        var maxAbs = 0.0;
        var minCosine = 1.0;
        var diff = new float[dimension];
        for (var i = 0; i < a.Positions.Count; i++)
        {
            if (!index.TryGetValue(a.Positions[i], out var j))
            {
                continue;
            }

            var x = a.Embeddings.AsSpan(i * dimension, dimension);
            var y = b.Embeddings.AsSpan(j * dimension, dimension);
            TensorPrimitives.Subtract(x, y, diff);
            maxAbs = Math.Max(maxAbs, TensorPrimitives.MaxMagnitude(diff) is var m && float.IsNaN(m) ? double.PositiveInfinity : Math.Abs(m));
            minCosine = Math.Min(minCosine, TensorPrimitives.CosineSimilarity(x, y));
            matched++;
        }

        return new EmbeddingAgreement(matched, maxAbs, matched == 0 ? double.NaN : minCosine);
    }
}
