using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SlideEmbed.Safetensors;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>
/// The counter-based generator of <c>tools/longnet_reference.py</c> (see its docstring for the exact
/// definition), so released-size weights and inputs are regenerated instead of committed.
/// </summary>
internal static class SplitMixGenerator
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    /// <summary>Extent of the generated coordinates in pixels (a 160 x 160 tile area).</summary>
    public const long CoordinateExtent = 40960;

    public static ulong SplitMix64(ulong x)
    {
        unchecked
        {
            var z = x + Golden;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }

    public static ulong Fnv1a64(string name)
    {
        var h = 0xCBF29CE484222325;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            h = unchecked((h ^ b) * 0x100000001B3);
        }

        return h;
    }

    /// <summary>The key of a named stream: <c>splitmix64(seed) ^ fnv1a64(name)</c>.</summary>
    public static ulong Key(ulong seed, string name) => SplitMix64(seed) ^ Fnv1a64(name);

    /// <summary>The 24-bit value number <paramref name="k"/> of a stream.</summary>
    public static ulong Bits24(ulong key, long k) => SplitMix64(unchecked(key + (ulong)k)) >> 40;

    /// <summary>Uniform in (-1, 1), exact in float64.</summary>
    public static double Uniform(ulong key, long k) => ((Bits24(key, k) + 0.5) * (1.0 / (1 << 23))) - 1.0;

    /// <summary>The state-dict key names and shapes, in the reference's order.</summary>
    public static List<(string Name, long[] Shape)> StateDictShapes(int inDim, int dim, int depth, int ffn)
    {
        var shapes = new List<(string, long[])> { ("cls_token", [1, 1, dim]), ("patch_embed.proj.weight", [dim, inDim]), ("patch_embed.proj.bias", [dim]) };
        for (var l = 0; l < depth; l++)
        {
            var p = $"encoder.layers.{l}.";
            foreach (var proj in new[] { "q_proj", "k_proj", "v_proj", "out_proj" })
            {
                shapes.Add((p + $"self_attn.{proj}.weight", [dim, dim]));
                shapes.Add((p + $"self_attn.{proj}.bias", [dim]));
            }

            shapes.AddRange(
            [
                (p + "self_attn.inner_attn_ln.weight", [dim]), (p + "self_attn.inner_attn_ln.bias", [dim]),
                (p + "self_attn_layer_norm.weight", [dim]), (p + "self_attn_layer_norm.bias", [dim]),
                (p + "ffn.fc1.weight", [ffn, dim]), (p + "ffn.fc1.bias", [ffn]),
                (p + "ffn.fc2.weight", [dim, ffn]), (p + "ffn.fc2.bias", [dim]),
                (p + "ffn.ffn_layernorm.weight", [ffn]), (p + "ffn.ffn_layernorm.bias", [ffn]),
                (p + "final_layer_norm.weight", [dim]), (p + "final_layer_norm.bias", [dim]),
            ]);
        }

        shapes.AddRange([("encoder.layer_norm.weight", [dim]), ("encoder.layer_norm.bias", [dim]), ("norm.weight", [dim]), ("norm.bias", [dim])]);
        return shapes;
    }

    /// <summary>Fills one generated tensor, as the reference scales it, and returns its float64 sum.</summary>
    public static double Fill(ulong seed, string name, Span<float> values, int fanIn)
    {
        var isNormWeight = name.EndsWith("norm.weight", StringComparison.Ordinal) || name.EndsWith("_ln.weight", StringComparison.Ordinal) || name.EndsWith("layernorm.weight", StringComparison.Ordinal);
        var isNormBias = name.EndsWith("norm.bias", StringComparison.Ordinal) || name.EndsWith("_ln.bias", StringComparison.Ordinal) || name.EndsWith("layernorm.bias", StringComparison.Ordinal);
        var (scale, offset) = name == "cls_token" ? (0.02, 0.0) : isNormWeight ? (0.1, 1.0) : isNormBias ? (0.1, 0.0) : (double.NaN, 0.0);
        var key = Key(seed, name);
        var sqrtFanIn = Math.Sqrt(fanIn);
        var sum = 0.0;
        for (var k = 0; k < values.Length; k++)
        {
            var v = Uniform(key, k);
            var value = (float)(double.IsNaN(scale) ? v / sqrtFanIn : offset + (scale * v));
            values[k] = value;
            sum += value;
        }

        return sum;
    }

    /// <summary>
    /// A whole generated state dict as an in-memory safetensors file (values generated straight into the
    /// file's bytes, tensors in parallel), and each tensor's float64 sum.
    /// </summary>
    public static (SafetensorsFile File, double[] Checksums) StateDict(ulong seed, int inDim, int dim, int depth, int ffn)
    {
        var (bytes, checksums) = StateDictBytes(seed, inDim, dim, depth, ffn);
        return (SafetensorsFile.FromBytes(bytes, $"generated state dict (seed {seed})"), checksums);
    }

    /// <summary>The bytes of <see cref="StateDict"/>: a complete safetensors file.</summary>
    public static (byte[] Bytes, double[] Checksums) StateDictBytes(ulong seed, int inDim, int dim, int depth, int ffn)
    {
        var shapes = StateDictShapes(inDim, dim, depth, ffn);
        var fanIn = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, shape) in shapes.Where(s => s.Name.EndsWith(".weight", StringComparison.Ordinal) && s.Shape.Length == 2))
        {
            fanIn[name] = (int)shape[1];
            fanIn[name[..^"weight".Length] + "bias"] = (int)shape[1];
        }

        var offsets = new long[shapes.Count + 1];
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            for (var t = 0; t < shapes.Count; t++)
            {
                var (name, shape) = shapes[t];
                offsets[t + 1] = offsets[t] + (4 * shape.Aggregate(1L, (a, b) => a * b));
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var d in shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offsets[t]);
                json.WriteNumberValue(offsets[t + 1]);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var headerLength = (int)((header.Length + 7) / 8 * 8);
        var bytes = new byte[8 + headerLength + offsets[^1]];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerLength);
        bytes.AsSpan(8, headerLength).Fill((byte)' ');
        header.ToArray().CopyTo(bytes, 8);
        var data = 8 + headerLength;
        var checksums = new double[shapes.Count];
        Parallel.For(0, shapes.Count, t =>
        {
            var values = MemoryMarshal.Cast<byte, float>(bytes.AsSpan((int)(data + offsets[t]), (int)(offsets[t + 1] - offsets[t])));
            checksums[t] = Fill(seed, shapes[t].Name, values, fanIn.GetValueOrDefault(shapes[t].Name, 1));
        });

        return (bytes, checksums);
    }

    /// <summary>Generated tile embeddings [n, inDim] and level-0 coordinates.</summary>
    public static (float[] Features, long[] Xs, long[] Ys) Inputs(ulong seed, int n, int inDim)
    {
        var features = new float[(long)n * inDim];
        var featureKey = Key(seed, "input.features");
        for (var k = 0; k < features.Length; k++)
        {
            features[k] = (float)Uniform(featureKey, k);
        }

        var coordKey = Key(seed, "input.coords");
        var xs = new long[n];
        var ys = new long[n];
        for (var i = 0; i < n; i++)
        {
            xs[i] = (long)((Bits24(coordKey, 2L * i) * (ulong)CoordinateExtent) >> 24);
            ys[i] = (long)((Bits24(coordKey, (2L * i) + 1) * (ulong)CoordinateExtent) >> 24);
        }

        return (features, xs, ys);
    }
}
