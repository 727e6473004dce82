using System.Numerics.Tensors;

namespace SlideEmbed.Cohort;

/// <summary>
/// Leading principal components by block power (orthogonal) iteration on the centred rows, without
/// forming the covariance matrix: each iteration computes <c>Xc^T (Xc V)</c> in one pass over the rows
/// and orthonormalises the block (Gram-Schmidt). Two extra vectors are iterated beside the ones asked
/// for so the last wanted component converges at the rate of a wider eigenvalue gap.
/// </summary>
public static class Pca
{
    private const int Extra = 2;
    private const int MaxIterations = 300;
    private const double Tolerance = 1e-7;

    /// <summary>Fits <paramref name="count"/> components.</summary>
    /// <param name="rows"><c>n x dimension</c> row-major; non-finite rows are skipped.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="count">Components wanted (at most the dimension).</param>
    /// <param name="seed">Seed of the starting block.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">Fewer than two finite rows.</exception>
    public static PcaModel Fit(ReadOnlySpan<float> rows, int dimension, int count = 3, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        count = Math.Min(count, dimension);
        var n = rows.Length / dimension;
        var mean = new double[dimension];
        var finite = 0;
        for (var i = 0; i < n; i++)
        {
            var row = rows.Slice(i * dimension, dimension);
            if (RowMath.IsFinite(row))
            {
                finite++;
                for (var k = 0; k < dimension; k++)
                {
                    mean[k] += row[k];
                }
            }
        }

        if (finite < 2)
        {
            throw new ArgumentException($"A PCA needs at least two readable tiles; found {finite}.");
        }

        var meanF = mean.Select(m => (float)(m / finite)).ToArray();
        var block = Math.Min(count + Extra, dimension);
        var v = new double[block * dimension];
        var random = new Random(seed);
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = random.NextDouble() - 0.5;
        }

        Orthonormalise(v, block, dimension);
        var w = new double[block * dimension];
        var vf = new float[block * dimension];
        var wf = new float[block * dimension];
        var centred = new float[dimension];
        var y = new float[block];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            for (var i = 0; i < vf.Length; i++)
            {
                vf[i] = (float)v[i];
            }

            Array.Clear(wf);
            for (var i = 0; i < n; i++)
            {
                var row = rows.Slice(i * dimension, dimension);
                if (!RowMath.IsFinite(row))
                {
                    continue;
                }

                TensorPrimitives.Subtract(row, meanF, centred);
                for (var c = 0; c < block; c++)
                {
                    y[c] = TensorPrimitives.Dot(centred, vf.AsSpan(c * dimension, dimension));
                }

                for (var c = 0; c < block; c++)
                {
                    var wc = wf.AsSpan(c * dimension, dimension);
                    TensorPrimitives.MultiplyAdd(centred, y[c], wc, wc);
                }
            }

            for (var i = 0; i < w.Length; i++)
            {
                w[i] = wf[i];
            }

            var variances = Orthonormalise(w, block, dimension);
            var change = 0.0;
            for (var c = 0; c < count; c++)
            {
                var dot = 0.0;
                for (var k = 0; k < dimension; k++)
                {
                    dot += w[(c * dimension) + k] * v[(c * dimension) + k];
                }

                change = Math.Max(change, 1 - Math.Abs(dot));
            }

            (v, w) = (w, v);
            if (change < Tolerance || iteration == MaxIterations - 1)
            {
                return Build(meanF, v, variances, count, dimension, finite);
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    private static PcaModel Build(float[] mean, double[] v, double[] norms, int count, int dimension, int finite)
    {
        var components = new float[count * dimension];
        var variances = new double[count];
        for (var c = 0; c < count; c++)
        {
            var source = v.AsSpan(c * dimension, dimension);
            var largest = 0;
            for (var k = 1; k < dimension; k++)
            {
                largest = Math.Abs(source[k]) > Math.Abs(source[largest]) ? k : largest;
            }

            var sign = source[largest] < 0 ? -1 : 1;
            for (var k = 0; k < dimension; k++)
            {
                components[(c * dimension) + k] = (float)(sign * source[k]);
            }

            // The norm of Xc^T Xc v before normalising is the eigenvalue of the scatter matrix.
            variances[c] = norms[c] / (finite - 1);
        }

        return new PcaModel(mean, components, variances);
    }

    /// <summary>Modified Gram-Schmidt on the rows of a block; returns each row's norm before it was scaled.</summary>
    private static double[] Orthonormalise(double[] rows, int count, int dimension)
    {
        var norms = new double[count];
        for (var c = 0; c < count; c++)
        {
            var row = rows.AsSpan(c * dimension, dimension);
            for (var p = 0; p < c; p++)
            {
                var previous = rows.AsSpan(p * dimension, dimension);
                var dot = 0.0;
                for (var k = 0; k < dimension; k++)
                {
                    dot += row[k] * previous[k];
                }

                for (var k = 0; k < dimension; k++)
                {
                    row[k] -= dot * previous[k];
                }
            }

            var norm = 0.0;
            foreach (var value in row)
            {
                norm += value * value;
            }

            norm = Math.Sqrt(norm);
            norms[c] = norm;
            var scale = norm > 0 ? 1 / norm : 0;
            for (var k = 0; k < dimension; k++)
            {
                row[k] *= scale;
            }
        }

        return norms;
    }
}
