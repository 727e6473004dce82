namespace SlideEmbed.TestSupport;

/// <summary>
/// The adjusted Rand index of two labelings (Hubert and Arabie, 1985), from their contingency table:
/// 1 for identical partitions (whatever the label names), about 0 for independent ones.
/// </summary>
public static class AdjustedRandIndex
{
    /// <summary>Computes the index.</summary>
    /// <param name="truth">Reference labels.</param>
    /// <param name="predicted">Labels to compare, same length.</param>
    /// <returns>The index.</returns>
    public static double Compute(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException("Labelings differ in length.");
        }

        var cells = new Dictionary<(int, int), long>();
        var rows = new Dictionary<int, long>();
        var columns = new Dictionary<int, long>();
        for (var i = 0; i < truth.Count; i++)
        {
            cells[(truth[i], predicted[i])] = cells.GetValueOrDefault((truth[i], predicted[i])) + 1;
            rows[truth[i]] = rows.GetValueOrDefault(truth[i]) + 1;
            columns[predicted[i]] = columns.GetValueOrDefault(predicted[i]) + 1;
        }

        static double Pairs(long m) => m * (m - 1) / 2.0;
        var index = cells.Values.Sum(Pairs);
        var a = rows.Values.Sum(Pairs);
        var b = columns.Values.Sum(Pairs);
        var expected = a * b / Pairs(truth.Count);
        var max = (a + b) / 2;
        return max == expected ? 1 : (index - expected) / (max - expected);
    }
}
