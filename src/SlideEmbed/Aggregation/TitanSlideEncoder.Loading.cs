using System.Globalization;
using SlideEmbed.Aggregation.Kernels;
using SlideEmbed.Safetensors;

namespace SlideEmbed.Aggregation;

/// <content>Reading the published key layout.</content>
public sealed partial class TitanSlideEncoder
{
    /// <summary>Creates an encoder with a forced micro-kernel (tests).</summary>
    internal static TitanSlideEncoder Create(SafetensorsFile weights, string name, int heads, int poolerHeads, GemmKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var reader = new StateDictReader(weights, "TITAN slide encoder");
        var (input, d) = reader.LinearShape(Prefix + "patch_embed.0");
        if (d % heads != 0 || d % poolerHeads != 0 || (d / heads) % Gemm.PanelWidth != 0)
        {
            throw reader.Invalid($"width {d} does not split into {heads} heads of a multiple of {Gemm.PanelWidth} and {poolerHeads} pooler heads.");
        }

        var patchEmbed = reader.Linear(Prefix + "patch_embed.0", d, input);
        var cls = reader.Read(Prefix + "cls_token", 1, 1, d);
        var layers = new List<TitanLayerWeights>();
        while (reader.Contains(Block(layers.Count, "norm1.weight")))
        {
            var l = layers.Count;
            var (_, ffn) = reader.LinearShape(Block(l, "mlp.fc1"));
            layers.Add(new TitanLayerWeights
            {
                Norm1 = reader.Norm(Block(l, "norm1"), d),
                Qkv = reader.Linear(Block(l, "attn.qkv"), 3 * d, d),
                Proj = reader.Linear(Block(l, "attn.proj"), d, d),
                Norm2 = reader.Norm(Block(l, "norm2"), d),
                Fc1 = reader.Linear(Block(l, "mlp.fc1"), ffn, d),
                Fc2 = reader.Linear(Block(l, "mlp.fc2"), d, ffn),
            });
        }

        if (layers.Count == 0)
        {
            throw reader.Invalid($"no blocks ('{Block(0, "norm1.weight")}' is missing).");
        }

        const string pool = Prefix + "attn_pool_contrastive.";
        var pooler = new TitanPoolerWeights
        {
            Query = reader.Read(pool + "query", 1, d),
            InProjWeight = reader.Read(pool + "attn.in_proj_weight", 3 * d, d),
            InProjBias = reader.Read(pool + "attn.in_proj_bias", 3 * d),
            OutProjWeight = reader.Read(pool + "attn.out_proj.weight", d, d),
            OutProjBias = reader.Read(pool + "attn.out_proj.bias", d),
            QueryNorm = reader.Norm(pool + "ln_q", d),
            KeyNorm = reader.Norm(pool + "ln_k", d),
            Heads = poolerHeads,
        };
        var norm = reader.Norm(Prefix + "norm", d);

        // The 128-query pooler, the projection and the text side do not touch the slide embedding.
        reader.Ignore(Prefix + "attn_pool.", Prefix + "proj", "text_encoder.", "logit_scale");
        reader.RejectUnexpected();
        return new TitanSlideEncoder(name, heads, patchEmbed, cls, [.. layers], norm, pooler, kernel);
    }

    private static string Block(int layer, string suffix) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}blocks.modules_list.{layer}.{suffix}");
}
