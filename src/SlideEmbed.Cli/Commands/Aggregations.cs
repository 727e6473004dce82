using SlideEmbed.Arrow;
using SlideEmbed.Models;

namespace SlideEmbed.Cli.Commands;

/// <summary>The slide aggregators available by name.</summary>
public static class Aggregations
{
    /// <summary>Accepted names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mean", "max", "none"];

    /// <summary>Creates an aggregator, or null for <c>none</c>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="tileModel">The tile encoder whose embeddings are aggregated.</param>
    /// <returns>The aggregation or null.</returns>
    public static SlideAggregation? Create(string name, ModelManifest tileModel)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "none" => null,
            "mean" => new SlideAggregation("mean", "mean", (data, n, d, _, _) => Pool(data, n, d, max: false)),
            "max" => new SlideAggregation("max", "max", (data, n, d, _, _) => Pool(data, n, d, max: true)),
            _ => throw new ArgumentException($"Unknown slide encoder '{name}'; use one of: {string.Join(", ", Names)}."),
        };
    }

    private static float[] Pool(float[] data, int n, int d, bool max)
    {
        var result = new float[d];
        if (max)
        {
            Array.Fill(result, float.NegativeInfinity);
        }

        var sums = new double[d];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < d; k++)
            {
                var v = data[(i * d) + k];
                if (max)
                {
                    result[k] = Math.Max(result[k], v);
                }
                else
                {
                    sums[k] += v;
                }
            }
        }

        if (!max)
        {
            for (var k = 0; k < d; k++)
            {
                result[k] = (float)(sums[k] / n);
            }
        }

        return result;
    }
}
