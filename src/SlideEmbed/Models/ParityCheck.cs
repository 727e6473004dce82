using System.Text.Json;

namespace SlideEmbed.Models;

/// <summary>
/// A manifest's <c>check</c> block, written by <c>tools/export_onnx.py --manifest-out</c>: the PyTorch
/// embedding of a synthetic tile, which any runtime can recompute to prove that an ONNX file computes what
/// the exported module computed (<c>slideembed models verify</c>).
/// </summary>
/// <remarks>
/// The input recipe <see cref="PatternXyV1"/> is integer arithmetic, so it is the same tensor everywhere:
/// an S x S RGB tile of bytes <c>v(c, y, x) = (7x + 13y + 85c + 5((x y) mod 23)) mod 256</c>, normalised
/// as torchvision's ToTensor and Normalize do in float32: <c>(v / 255 - mean[c]) / std[c]</c>.
/// </remarks>
public sealed record ParityCheck
{
    /// <summary>The one input recipe this version knows.</summary>
    public const string PatternXyV1 = "xy-v1";

    private static readonly string[] s_keys = ["input", "values", "norm", "tolerance", "reference"];

    /// <summary>Name of the input recipe (<see cref="PatternXyV1"/>).</summary>
    public required string Input { get; init; }

    /// <summary>The first values (16) of the reference embedding, after the output recipe.</summary>
    public required IReadOnlyList<float> Values { get; init; }

    /// <summary>The reference embedding's L2 norm (over all its values).</summary>
    public required double Norm { get; init; }

    /// <summary>
    /// Relative tolerance: a runtime passes when every stored value is within <c>tolerance * max(1, max |value|)</c>
    /// and the norm within <c>tolerance * max(1, norm)</c>. 1e-3 for float32 exports, 2e-2 for float16.
    /// </summary>
    public required double Tolerance { get; init; }

    /// <summary>What computed the reference (e.g. <c>torch 1.13.0</c>), for people.</summary>
    public string Reference { get; init; } = string.Empty;

    /// <summary>Reads a <c>check</c> object.</summary>
    /// <param name="check">The JSON object.</param>
    /// <returns>The check.</returns>
    /// <exception cref="FormatException">A key is unknown or missing, or the recipe is not known.</exception>
    public static ParityCheck Parse(JsonElement check)
    {
        if (check.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("'check' must be an object.");
        }

        var unknown = check.EnumerateObject().Select(p => p.Name).Where(n => !s_keys.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new FormatException($"unknown key(s) {string.Join(", ", unknown.Select(u => $"'check.{u}'"))}; allowed: {string.Join(", ", s_keys)}.");
        }

        var input = check.GetProperty("input").GetString() ?? string.Empty;
        if (input != PatternXyV1)
        {
            throw new FormatException($"check.input '{input}' is not a known input recipe (this version knows '{PatternXyV1}').");
        }

        var values = check.GetProperty("values").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var tolerance = check.GetProperty("tolerance").GetDouble();
        if (values.Length == 0 || !(tolerance > 0))
        {
            throw new FormatException("check.values must not be empty and check.tolerance must be positive.");
        }

        return new ParityCheck
        {
            Input = input,
            Values = values,
            Norm = check.GetProperty("norm").GetDouble(),
            Tolerance = tolerance,
            Reference = check.TryGetProperty("reference", out var r) ? r.GetString() ?? string.Empty : string.Empty,
        };
    }

    /// <summary>The byte value of the synthetic tile at column <paramref name="x"/>, row <paramref name="y"/>, channel <paramref name="c"/>.</summary>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    /// <param name="c">Channel, 0 (R) to 2 (B).</param>
    /// <returns>0 to 255.</returns>
    public static int PatternByte(int x, int y, int c) => (int)(((7L * x) + (13L * y) + (85L * c) + (5L * ((long)x * y % 23))) % 256);

    /// <summary>Writes the normalised synthetic tile, planar CHW, into <paramref name="destination"/>.</summary>
    /// <param name="size">Tile edge (the manifest's input size).</param>
    /// <param name="mean">Per-channel mean (3 values).</param>
    /// <param name="std">Per-channel standard deviation (3 values).</param>
    /// <param name="destination">At least <c>3 * size * size</c> floats.</param>
    public static void WriteInput(int size, IReadOnlyList<float> mean, IReadOnlyList<float> std, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, 3 * size * size, nameof(destination));
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < size; y++)
            {
                var row = destination.Slice(((c * size) + y) * size, size);
                for (var x = 0; x < size; x++)
                {
                    // The same float32 operations, in the same order, as ToTensor then Normalize.
                    row[x] = ((PatternByte(x, y, c) / 255f) - mean[c]) / std[c];
                }
            }
        }
    }

    /// <summary>Compares an embedding computed from the synthetic tile with the reference.</summary>
    /// <param name="embedding">The full embedding (after the output recipe).</param>
    /// <returns>The outcome.</returns>
    public ParityResult Compare(ReadOnlySpan<float> embedding)
    {
        if (embedding.Length < Values.Count)
        {
            return new ParityResult(false, double.PositiveInfinity, double.NaN, Norm, Tolerance, $"the embedding has {embedding.Length} values, the check {Values.Count}");
        }

        double maxDiff = 0, maxRef = 1, sum = 0;
        for (var i = 0; i < Values.Count; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(embedding[i] - (double)Values[i]));
            maxRef = Math.Max(maxRef, Math.Abs((double)Values[i]));
        }

        foreach (var v in embedding)
        {
            sum += (double)v * v;
        }

        var norm = Math.Sqrt(sum);
        var passed = maxDiff <= Tolerance * maxRef && Math.Abs(norm - Norm) <= Tolerance * Math.Max(1, Norm);
        return new ParityResult(passed, maxDiff, norm, Norm, Tolerance, null);
    }
}
