namespace SlideEmbed.Aggregation;

/// <summary>
/// The fixed 2-D sine-cosine position embedding of the GigaPath slide encoder, one half per axis.
/// For grid row/column index p and <c>w_k = 1 / 10000^(k / (D/4))</c>, k = 0 .. D/4-1, the half for p is
/// <c>[sin(p w), cos(p w)]</c> computed in float64 and rounded to float32 (as the original table). A tile
/// at grid column i (from x) and row j (from y) gets <c>[half(j), half(i)]</c>: y first, then x.
/// Immutable; thread-safe.
/// </summary>
internal sealed class SinCosPositionTable
{
    private readonly float[] _halves;

    /// <summary>Builds the table for a model width and grid size.</summary>
    /// <param name="width">Model width D, a multiple of 4.</param>
    /// <param name="gridSize">Cells per axis.</param>
    public SinCosPositionTable(int width, int gridSize)
    {
        if (width % 4 != 0)
        {
            throw new ArgumentException($"The 2-D sine-cosine position embedding needs a width divisible by 4; got {width}.", nameof(width));
        }

        Width = width;
        GridSize = gridSize;
        var quarter = width / 4;
        var omega = new double[quarter];
        for (var k = 0; k < quarter; k++)
        {
            omega[k] = 1.0 / Math.Pow(10000.0, k / (double)quarter);
        }

        _halves = new float[(long)gridSize * HalfWidth];
        for (var p = 0; p < gridSize; p++)
        {
            var row = _halves.AsSpan(p * HalfWidth, HalfWidth);
            for (var k = 0; k < quarter; k++)
            {
                var angle = p * omega[k];
                row[k] = (float)Math.Sin(angle);
                row[quarter + k] = (float)Math.Cos(angle);
            }
        }
    }

    /// <summary>Model width D.</summary>
    public int Width { get; }

    /// <summary>Cells per axis.</summary>
    public int GridSize { get; }

    private int HalfWidth => Width / 2;

    /// <summary>Adds the embedding of grid cell (column i, row j) to a token row.</summary>
    /// <param name="row">A token of <see cref="Width"/> values.</param>
    /// <param name="column">Grid column i = floor(x / tile), 0 .. GridSize-1.</param>
    /// <param name="gridRow">Grid row j = floor(y / tile), 0 .. GridSize-1.</param>
    public void AddTo(Span<float> row, int column, int gridRow)
    {
        Kernels.VectorMath.Add(row[..HalfWidth], _halves.AsSpan(gridRow * HalfWidth, HalfWidth));
        Kernels.VectorMath.Add(row[HalfWidth..], _halves.AsSpan(column * HalfWidth, HalfWidth));
    }

    /// <summary>The embedding of one cell as a new array (for tests).</summary>
    /// <param name="column">Grid column i.</param>
    /// <param name="gridRow">Grid row j.</param>
    /// <returns>D values.</returns>
    public float[] Embedding(int column, int gridRow)
    {
        var row = new float[Width];
        AddTo(row, column, gridRow);
        return row;
    }
}
