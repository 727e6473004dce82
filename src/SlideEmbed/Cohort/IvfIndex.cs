using System.Numerics.Tensors;

namespace SlideEmbed.Cohort;

/// <summary>
/// An inverted-file index over rows already assigned to the tokens of a <see cref="Codebook"/>: a query
/// scans only the rows of its <c>nprobe</c> nearest tokens, trading recall for speed on large cohorts.
/// </summary>
/// <remarks>Immutable after construction; searches may run concurrently.</remarks>
public sealed class IvfIndex
{
    private readonly Codebook _codebook;
    private readonly int[][] _lists;

    /// <summary>Builds the lists from each row's token.</summary>
    /// <param name="codebook">The codebook the tokens refer to.</param>
    /// <param name="tokens">Row i's token (from <see cref="Codebook.Assign"/>); rows with -1 are left out.</param>
    public IvfIndex(Codebook codebook, ReadOnlySpan<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        _codebook = codebook;
        var counts = new int[codebook.K];
        foreach (var t in tokens)
        {
            if (t >= 0)
            {
                counts[t]++;
            }
        }

        _lists = new int[codebook.K][];
        for (var j = 0; j < codebook.K; j++)
        {
            _lists[j] = new int[counts[j]];
        }

        Array.Clear(counts);
        for (var i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i];
            if (t >= 0)
            {
                _lists[t][counts[t]++] = i;
            }
        }
    }

    /// <summary>Rows of each token.</summary>
    /// <param name="token">Token index.</param>
    /// <returns>Row numbers in increasing order.</returns>
    public ReadOnlySpan<int> List(int token) => _lists[token];

    /// <summary>The <paramref name="nprobe"/> tokens nearest to a query, nearest first.</summary>
    /// <param name="unitQuery">Unit-length query.</param>
    /// <param name="nprobe">How many tokens.</param>
    /// <returns>Token indices.</returns>
    public int[] NearestTokens(ReadOnlySpan<float> unitQuery, int nprobe)
    {
        var top = new TopK(Math.Clamp(nprobe, 1, _codebook.K));
        for (var j = 0; j < _codebook.K; j++)
        {
            var c = _codebook.Centroid(j);
            // The same criterion as assignment: cosine for a normalised codebook, else x.c - |c|^2 / 2.
            var score = _codebook.Normalized ? TensorPrimitives.Dot(unitQuery, c) : TensorPrimitives.Dot(unitQuery, c) - (0.5f * TensorPrimitives.Dot(c, c));
            top.Offer(score, j);
        }

        return [.. top.ToSortedArray().Select(h => (int)h.Id)];
    }

    /// <summary>Searches the rows of the <paramref name="nprobe"/> nearest tokens.</summary>
    /// <param name="unitQuery">Unit-length query.</param>
    /// <param name="rows">The indexed rows, <c>n x dimension</c>, in the order their tokens were given.</param>
    /// <param name="nprobe">Tokens to scan.</param>
    /// <param name="top">Receives hits with the row number as id.</param>
    /// <param name="excludeId">A row never returned, or -1.</param>
    public void Search(ReadOnlySpan<float> unitQuery, ReadOnlySpan<float> rows, int nprobe, TopK top, long excludeId = -1)
    {
        ArgumentNullException.ThrowIfNull(top);
        var d = _codebook.Dimension;
        foreach (var token in NearestTokens(unitQuery, nprobe))
        {
            foreach (var row in _lists[token])
            {
                if (row != excludeId)
                {
                    top.Offer(ExactSearch.Cosine(unitQuery, rows.Slice(row * d, d)), row);
                }
            }
        }
    }
}
