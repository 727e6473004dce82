using System.Numerics.Tensors;

namespace SlideEmbed.Cohort;

/// <summary>
/// Exact cosine nearest-neighbour search by brute force: every row is scored against a unit query
/// (<c>q . x / |x|</c>, SIMD through <see cref="TensorPrimitives"/>) and offered to a <see cref="TopK"/>.
/// Rows are streamed, so a cohort is searched one file at a time in bounded memory.
/// </summary>
public static class ExactSearch
{
    private const int RowsPerTask = 4096;

    /// <summary>Returns a unit-length copy of a query vector.</summary>
    /// <param name="query">The vector.</param>
    /// <returns>The normalised copy.</returns>
    /// <exception cref="ArgumentException">The vector is zero or not finite.</exception>
    public static float[] UnitQuery(ReadOnlySpan<float> query)
    {
        var copy = query.ToArray();
        var norm = TensorPrimitives.Norm<float>(copy);
        if (!(norm > 0) || !float.IsFinite(norm))
        {
            throw new ArgumentException("The query vector is zero or has a NaN or infinite value.");
        }

        TensorPrimitives.Divide(copy, norm, copy);
        return copy;
    }

    /// <summary>Cosine similarity of a unit query and a row; NaN for a zero or non-finite row.</summary>
    /// <param name="unitQuery">Unit-length query.</param>
    /// <param name="row">The row.</param>
    /// <returns>The similarity.</returns>
    public static float Cosine(ReadOnlySpan<float> unitQuery, ReadOnlySpan<float> row)
    {
        var norm = TensorPrimitives.Norm(row);
        return norm > 0 ? TensorPrimitives.Dot(unitQuery, row) / norm : float.NaN;
    }

    /// <summary>Scores consecutive rows on the calling thread.</summary>
    /// <param name="unitQuery">Unit-length query (<see cref="UnitQuery"/>).</param>
    /// <param name="rows"><c>n x dimension</c> row-major.</param>
    /// <param name="firstId">Id of the first row; row i gets <c>firstId + i</c>.</param>
    /// <param name="top">Receives the hits.</param>
    /// <param name="excludeId">An id never returned (the query's own row), or -1.</param>
    public static void Scan(ReadOnlySpan<float> unitQuery, ReadOnlySpan<float> rows, long firstId, TopK top, long excludeId = -1)
    {
        ArgumentNullException.ThrowIfNull(top);
        var d = unitQuery.Length;
        var n = rows.Length / d;
        for (var i = 0; i < n; i++)
        {
            var id = firstId + i;
            if (id != excludeId)
            {
                var score = Cosine(unitQuery, rows.Slice(i * d, d));
                if (score > top.Threshold || top.Count < top.Capacity)
                {
                    top.Offer(score, id);
                }
            }
        }
    }

    /// <summary>
    /// Scores consecutive rows on up to <paramref name="threads"/> threads, each with its own heap, and
    /// merges the heaps into <paramref name="top"/>. The result does not depend on the thread count.
    /// </summary>
    /// <param name="unitQuery">Unit-length query.</param>
    /// <param name="rows"><c>n x dimension</c> row-major.</param>
    /// <param name="firstId">Id of the first row.</param>
    /// <param name="top">Receives the hits.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="excludeId">An id never returned, or -1.</param>
    public static unsafe void ScanParallel(ReadOnlySpan<float> unitQuery, ReadOnlySpan<float> rows, long firstId, TopK top, int threads, long excludeId = -1)
    {
        ArgumentNullException.ThrowIfNull(top);
        var d = unitQuery.Length;
        var n = rows.Length / d;
        if (threads <= 1 || n < 2 * RowsPerTask)
        {
            Scan(unitQuery, rows, firstId, top, excludeId);
            return;
        }

        var query = unitQuery.ToArray();
        var tasks = (n + RowsPerTask - 1) / RowsPerTask;
        var heaps = new List<TopK>();
        fixed (float* pinned = rows)
        {
            var address = (nint)pinned;
            Parallel.For(
                0,
                tasks,
                new ParallelOptions { MaxDegreeOfParallelism = threads },
                () => new TopK(top.Capacity),
                (t, _, local) =>
                {
                    var start = t * RowsPerTask;
                    var count = Math.Min(RowsPerTask, n - start);
                    var slice = new ReadOnlySpan<float>((float*)address + ((long)start * d), count * d);
                    Scan(query, slice, firstId + start, local, excludeId);
                    return local;
                },
                local =>
                {
                    lock (heaps)
                    {
                        heaps.Add(local);
                    }
                });
        }

        foreach (var heap in heaps)
        {
            top.Merge(heap);
        }
    }
}
