using System.Text.Json;
using SlideEmbed.Safetensors;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>
/// Builds the state dict <c>tools/slide_encoders_reference.py</c> generates, from the tensor list its goldens
/// carry (name, shape, kind, fan-in; see the script's docstring for the kinds' scales).
/// </summary>
internal static class GeneratedStateDict
{
    /// <summary>Generates every tensor (in parallel) and returns the safetensors bytes and each tensor's float64 sum.</summary>
    /// <param name="seed">Weight seed.</param>
    /// <param name="tensorsJson">The golden's <c>tensors</c> metadata: <c>[[name, shape, kind, fan_in], ...]</c>.</param>
    /// <returns>The file's bytes and the sums in list order.</returns>
    public static (byte[] Bytes, double[] Sums) Generate(ulong seed, string tensorsJson)
    {
        using var doc = JsonDocument.Parse(tensorsJson);
        var specs = doc.RootElement.EnumerateArray()
            .Select(t => (Name: t[0].GetString()!, Shape: t[1].EnumerateArray().Select(e => e.GetInt64()).ToArray(), Kind: t[2].GetString()!, FanIn: t[3].GetInt32()))
            .ToArray();
        var tensors = new float[specs.Length][];
        var sums = new double[specs.Length];
        Parallel.For(0, specs.Length, i =>
        {
            var (name, shape, kind, fanIn) = specs[i];
            var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
            var key = SplitMixGenerator.Key(seed, name);
            var scale = 1 / Math.Sqrt(fanIn);
            var sum = 0.0;
            for (var k = 0; k < values.Length; k++)
            {
                var v = SplitMixGenerator.Uniform(key, k);
                values[k] = (float)(kind switch
                {
                    "w" or "b" => v * scale,
                    "nw" => 1 + (0.1 * v),
                    "nb" => 0.1 * v,
                    "t" => v,
                    _ => throw new InvalidDataException($"unknown tensor kind '{kind}'"),
                });
                sum += values[k];
            }

            tensors[i] = values;
            sums[i] = sum;
        });

        var writer = new SafetensorsWriter();
        for (var i = 0; i < specs.Length; i++)
        {
            writer.AddFloat32(specs[i].Name, tensors[i], specs[i].Shape);
        }

        return (writer.ToArray(), sums);
    }
}
