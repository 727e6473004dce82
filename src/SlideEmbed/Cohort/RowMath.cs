using System.Numerics.Tensors;

namespace SlideEmbed.Cohort;

/// <summary>Row-wise helpers over row-major float matrices.</summary>
public static class RowMath
{
    /// <summary>Scales each row to unit L2 norm in place; all-zero rows stay zero.</summary>
    /// <param name="rows">Row-major values.</param>
    /// <param name="dimension">Values per row.</param>
    public static void NormalizeRows(Span<float> rows, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        for (var start = 0; start + dimension <= rows.Length; start += dimension)
        {
            NormalizeRow(rows.Slice(start, dimension));
        }
    }

    /// <summary>Scales one row to unit L2 norm in place; an all-zero row stays zero.</summary>
    /// <param name="row">The row.</param>
    public static void NormalizeRow(Span<float> row)
    {
        var norm = TensorPrimitives.Norm<float>(row);
        if (norm > 0 && float.IsFinite(norm))
        {
            TensorPrimitives.Multiply(row, 1 / norm, row);
        }
    }

    /// <summary>Whether every value of a row is finite (unread tiles carry NaN rows).</summary>
    /// <param name="row">The row.</param>
    /// <returns>True when no value is NaN or infinite.</returns>
    public static bool IsFinite(ReadOnlySpan<float> row)
    {
        // The sum of a row with a NaN or an infinity is not finite; a finite row's sum overflows only
        // for values near float.MaxValue, which embeddings never reach.
        return float.IsFinite(TensorPrimitives.Sum(row));
    }
}
