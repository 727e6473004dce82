using System.Globalization;
using SlideEmbed.Aggregation.Kernels;
using SlideEmbed.Safetensors;

namespace SlideEmbed.Aggregation;

/// <content>Reading and checking the state dict.</content>
public sealed partial class LongNetSlideEncoder
{
    private const string ProjWeight = "patch_embed.proj.weight";
    private const string ClsToken = "cls_token";

    private static LongNetArchitecture InferArchitecture(SafetensorsFile file, LongNetOptions options)
    {
        var proj = Require(file, ProjWeight);
        if (proj.Shape.Count != 2)
        {
            throw Invalid(file, $"'{ProjWeight}' has shape {proj.ShapeText()}; expected [width, input dimension].");
        }

        var width = checked((int)proj.Shape[0]);
        var input = checked((int)proj.Shape[1]);
        var depth = 0;
        while (file.Contains(Layer(depth, "self_attn.q_proj.weight")))
        {
            depth++;
        }

        if (depth == 0)
        {
            throw Invalid(file, "no encoder layers ('encoder.layers.0.self_attn.q_proj.weight' is missing).");
        }

        var fc1 = Require(file, Layer(0, "ffn.fc1.weight"));
        var ffn = fc1.Shape.Count == 2 ? checked((int)fc1.Shape[0]) : throw Invalid(file, $"'{fc1.Name}' has shape {fc1.ShapeText()}.");
        if (width % options.Heads != 0)
        {
            throw new ArgumentException($"{options.Heads} heads do not divide the width {width} read from {file.Source}.", nameof(options));
        }

        if (width % 4 != 0)
        {
            throw Invalid(file, $"width {width} is not a multiple of 4, which the 2-D sine-cosine position embedding needs.");
        }

        return new LongNetArchitecture(input, width, depth, options.Heads, ffn);
    }

    private static LongNetWeights ReadWeights(SafetensorsFile file, LongNetArchitecture a)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal);
        float[] Read(string name, params long[] shape)
        {
            expected.Add(name);
            var info = Require(file, name);
            if (!info.Shape.SequenceEqual(shape))
            {
                throw Invalid(file, $"'{name}' has shape {info.ShapeText()}; expected [{string.Join(", ", shape)}] for width {a.Width}, input {a.InputDimension}, FFN {a.FfnDimension}.");
            }

            return file.ReadFloat32(name);
        }

        NormWeights Norm(string prefix, int width) => new(Read(prefix + ".weight", width), Read(prefix + ".bias", width));

        PackedLinear Linear(string prefix, int outFeatures, int inFeatures) =>
            new(Read(prefix + ".weight", outFeatures, inFeatures), Read(prefix + ".bias", outFeatures), outFeatures, inFeatures);

        var d = a.Width;
        var cls = Read(ClsToken, 1, 1, d);
        var proj = Linear("patch_embed.proj", d, a.InputDimension);
        var layers = new LongNetLayerWeights[a.Depth];
        for (var l = 0; l < a.Depth; l++)
        {
            var qkvWeight = new float[3 * d * d];
            var qkvBias = new float[3 * d];
            var part = 0;
            foreach (var name in new[] { "q_proj", "k_proj", "v_proj" })
            {
                Read(Layer(l, $"self_attn.{name}.weight"), d, d).CopyTo(qkvWeight, part * d * d);
                Read(Layer(l, $"self_attn.{name}.bias"), d).CopyTo(qkvBias, part * d);
                part++;
            }

            layers[l] = new LongNetLayerWeights(
                Qkv: new PackedLinear(qkvWeight, qkvBias, 3 * d, d),
                Out: Linear(Layer(l, "self_attn.out_proj"), d, d),
                Fc1: Linear(Layer(l, "ffn.fc1"), a.FfnDimension, d),
                Fc2: Linear(Layer(l, "ffn.fc2"), d, a.FfnDimension),
                AttentionNorm: Norm(Layer(l, "self_attn_layer_norm"), d),
                InnerAttentionNorm: Norm(Layer(l, "self_attn.inner_attn_ln"), d),
                FinalNorm: Norm(Layer(l, "final_layer_norm"), d),
                FfnNorm: Norm(Layer(l, "ffn.ffn_layernorm"), a.FfnDimension));
        }

        var weights = new LongNetWeights(cls, proj, layers, Norm("encoder.layer_norm", d), Norm("norm", d));

        // The position table is computed, never stored; anything else unexpected means a different model.
        var unexpected = file.Tensors.Select(t => t.Name).Where(n => !expected.Contains(n) && n != "pos_embed").ToList();
        if (unexpected.Count > 0)
        {
            throw Invalid(file, $"{unexpected.Count} unexpected tensors for a {a.Depth}-layer GigaPath slide encoder, e.g. {string.Join(", ", unexpected.Take(5))}.");
        }

        return weights;
    }

    private static string Layer(int layer, string suffix) => string.Create(CultureInfo.InvariantCulture, $"encoder.layers.{layer}.{suffix}");

    private static SafetensorsTensorInfo Require(SafetensorsFile file, string name) =>
        file.Contains(name) ? file.Info(name) : throw Invalid(file, $"tensor '{name}' is missing.");

    private static InvalidDataException Invalid(SafetensorsFile file, string message) =>
        new($"{file.Source} is not a GigaPath slide encoder state dict: {message}");
}
