using System.Numerics.Tensors;
using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Cohort;

/// <summary>
/// Nearest-centroid assignment as one matrix product per block of rows: the centroids are packed once
/// as a linear layer whose output for row x is <c>x . c_j - |c_j|^2 / 2</c> (Euclidean) or
/// <c>x . c_j</c> (cosine, unit centroids and rows), so the arg max is the nearest centroid and the SIMD
/// GEMM of the slide encoder does the work. Rows are independent, so results do not depend on threads.
/// </summary>
/// <remarks>Immutable after construction; safe to share across threads.</remarks>
internal sealed unsafe class CentroidScorer
{
    /// <summary>Rows scored per GEMM call and per work item.</summary>
    public const int BlockRows = 128;

    private readonly PackedLinear _linear;
    private readonly bool _cosine;

    public CentroidScorer(ReadOnlySpan<float> centroids, int k, int dimension, bool cosine)
    {
        K = k;
        Dimension = dimension;
        _cosine = cosine;
        var bias = new float[k];
        if (!cosine)
        {
            for (var j = 0; j < k; j++)
            {
                var c = centroids.Slice(j * dimension, dimension);
                bias[j] = -0.5f * TensorPrimitives.Dot(c, c);
            }
        }

        _linear = new PackedLinear(centroids, bias, k, dimension);
    }

    public int K { get; }

    public int Dimension { get; }

    /// <summary>
    /// Assigns <paramref name="n"/> rows: the nearest centroid's index (-1 for a row with a NaN or
    /// infinity) and its distance (cosine distance <c>1 - cos</c>, or Euclidean distance).
    /// </summary>
    public void Assign(float* rows, int n, int* tokens, float* distances, int threads)
    {
        var blocks = (n + BlockRows - 1) / BlockRows;
        var rowsAddress = (nint)rows;
        var tokensAddress = (nint)tokens;
        var distancesAddress = (nint)distances;
        Parallel.For(
            0,
            blocks,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) },
            () => (Input: new float[BlockRows * Dimension], Scores: new float[BlockRows * K]),
            (block, _, scratch) =>
            {
                var start = block * BlockRows;
                var count = Math.Min(BlockRows, n - start);
                AssignBlock((float*)rowsAddress + ((long)start * Dimension), count, (int*)tokensAddress + start, (float*)distancesAddress + start, scratch.Input, scratch.Scores);
                return scratch;
            },
            _ => { });
    }

    private void AssignBlock(float* rows, int count, int* tokens, float* distances, float[] input, float[] scores)
    {
        var d = Dimension;
        var source = new ReadOnlySpan<float>(rows, count * d);
        source.CopyTo(input);
        Span<float> norms = stackalloc float[BlockRows];
        for (var r = 0; r < count; r++)
        {
            var row = input.AsSpan(r * d, d);
            if (!RowMath.IsFinite(row))
            {
                row.Clear();
                norms[r] = float.NaN;
                continue;
            }

            if (_cosine)
            {
                RowMath.NormalizeRow(row);
            }

            norms[r] = TensorPrimitives.Dot<float>(row, row);
        }

        fixed (float* x = input)
        fixed (float* y = scores)
        {
            _linear.Apply(x, d, count, y, K, accumulate: false, GemmKernel.Auto);
        }

        for (var r = 0; r < count; r++)
        {
            if (float.IsNaN(norms[r]))
            {
                tokens[r] = -1;
                distances[r] = float.NaN;
                continue;
            }

            var best = TensorPrimitives.IndexOfMax<float>(scores.AsSpan(r * K, K));
            var score = scores[(r * K) + best];
            tokens[r] = best;
            distances[r] = _cosine ? 1 - score : MathF.Sqrt(MathF.Max(0, norms[r] - (2 * score)));
        }
    }
}
