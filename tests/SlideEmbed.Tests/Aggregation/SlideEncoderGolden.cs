using System.Globalization;
using System.Text.Json;
using SlideEmbed.Safetensors;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>
/// One golden case of <c>tools/slide_encoders_reference.py</c>: the generated state dict (rebuilt here from
/// the tensor list in the golden's metadata and checked tensor by tensor), the generated tile features with
/// the case's zeroed rows, the coordinates, and the float64 reference embedding.
/// </summary>
internal sealed class SlideEncoderGolden
{
    /// <summary>Largest allowed absolute difference from the float64 reference.</summary>
    public const double Tolerance = 1e-4;

    private readonly Lazy<byte[]> _stateDict;

    private SlideEncoderGolden(string model, int count, float[] features, long[] xs, long[] ys, long patchSize, double[] embedding, Func<byte[]> stateDict)
    {
        Model = model;
        Count = count;
        Features = features;
        Xs = xs;
        Ys = ys;
        PatchSize = patchSize;
        Embedding = embedding;
        _stateDict = new Lazy<byte[]>(stateDict);
    }

    public string Model { get; }

    public int Count { get; }

    public float[] Features { get; }

    public long[] Xs { get; }

    public long[] Ys { get; }

    /// <summary>The level-0 patch size the reference's grid used.</summary>
    public long PatchSize { get; }

    public double[] Embedding { get; }

    /// <summary>The generated state dict (built on first use, checked tensor by tensor against the reference's sums).</summary>
    public SafetensorsFile StateDict() => SafetensorsFile.FromBytes(_stateDict.Value, $"generated {Model} state dict");

    public static SlideEncoderGolden Load(string model, int n)
    {
        var path = Path.Combine(TestAssets.GoldensDir, "slide_encoders", $"{model}_n{n}.safetensors");
        using var golden = SafetensorsFile.FromBytes(File.ReadAllBytes(path), path);
        var meta = golden.Metadata;
        Assert.Equal(model, meta["model"]);
        var weightSeed = ulong.Parse(meta["weight_seed"], CultureInfo.InvariantCulture);
        var inputSeed = ulong.Parse(meta["input_seed"], CultureInfo.InvariantCulture);
        var tensors = meta["tensors"];
        var checksums = golden.ReadFloat64("weight_checksums");

        var coords = golden.ReadInt64("coords");
        var dim = Dimension(tensors);
        var features = new float[(long)n * dim];
        var key = SplitMixGenerator.Key(inputSeed, "input.features");
        for (var k = 0; k < features.Length; k++)
        {
            features[k] = (float)SplitMixGenerator.Uniform(key, k);
        }

        foreach (var row in golden.ReadInt64("zero_rows"))
        {
            features.AsSpan((int)row * dim, dim).Clear();
        }

        var check = golden.ReadFloat64("features_checksum");
        Assert.Equal(check[0], features.Sum(v => (double)v), 6);
        Assert.Equal(check[1], features[0]);
        Assert.Equal(check[2], features[^1]);

        var xs = new long[coords.Length / 2];
        var ys = new long[coords.Length / 2];
        for (var i = 0; i < xs.Length; i++)
        {
            xs[i] = coords[2 * i];
            ys[i] = coords[(2 * i) + 1];
        }

        var patch = long.Parse(meta["patch_size_lv0"], CultureInfo.InvariantCulture);
        if (meta.TryGetValue("coords_recipe", out var recipe) && recipe == "cells-v1")
        {
            // Large cases store a checksum of the coordinates, regenerated here from the integer recipe.
            (xs, ys) = GoldenCoordinates.CellsV1(inputSeed, n, patch);
            Assert.Equal(golden.ReadInt64("coords_checksum"), GoldenCoordinates.Checksum(xs, ys));
        }
        else if (xs.Length == 0)
        {
            // Models without coordinates: the golden stores none; any positions will do.
            xs = new long[n];
            ys = new long[n];
        }

        return new SlideEncoderGolden(model, n, features, xs, ys, patch, golden.ReadFloat64("embedding"), () => GenerateStateDict(weightSeed, tensors, checksums));
    }

    public void AssertMatches(float[] actual)
    {
        Assert.Equal(Embedding.Length, actual.Length);
        var worst = 0.0;
        var at = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var diff = Math.Abs(actual[i] - Embedding[i]);
            if (diff > worst || double.IsNaN(diff))
            {
                worst = double.IsNaN(diff) ? double.PositiveInfinity : diff;
                at = i;
            }
        }

        Assert.True(worst <= Tolerance, $"{Model} N={Count}: max abs difference {worst:E2} at {at} ({actual[at]} vs {Embedding[at]})");
    }

    private static int Dimension(string tensorsJson)
    {
        // The first tensor of every model is its input layer's weight [out, in]... except TITAN, whose
        // state dict starts with cls_token; take the input width from the first 2-D weight that follows.
        using var doc = JsonDocument.Parse(tensorsJson);
        foreach (var t in doc.RootElement.EnumerateArray())
        {
            var shape = t[1];
            if (shape.GetArrayLength() == 2 && t[2].GetString() == "w")
            {
                return shape[1].GetInt32();
            }
        }

        throw new InvalidDataException("no linear layer in the tensor list");
    }

    private static byte[] GenerateStateDict(ulong seed, string tensorsJson, double[] checksums)
    {
        var (bytes, sums) = GeneratedStateDict.Generate(seed, tensorsJson);
        Assert.Equal(checksums.Length, sums.Length);
        for (var i = 0; i < sums.Length; i++)
        {
            Assert.True(Math.Abs(sums[i] - checksums[i]) <= 1e-6 * Math.Max(1, Math.Abs(checksums[i])), $"generator disagrees with the reference on tensor {i}: {sums[i]} vs {checksums[i]}");
        }

        return bytes;
    }
}
