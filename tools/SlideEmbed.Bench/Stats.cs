namespace SlideEmbed.Bench;

/// <summary>Summary of repeated measurements; the median is the figure reported (robust to a shared machine).</summary>
internal sealed record Stats(double Median, double Min, double Max, IReadOnlyList<double> Values)
{
    public static Stats Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No measurements.", nameof(values));
        }

        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        return new Stats(median, sorted[0], sorted[^1], sorted);
    }
}
