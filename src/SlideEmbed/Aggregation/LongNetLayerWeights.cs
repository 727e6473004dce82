using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Aggregation;

/// <summary>One encoder layer's parameters, linear layers packed for <see cref="Gemm"/>. Immutable.</summary>
internal sealed class LongNetLayerWeights
{
    /// <summary>q, k and v projections fused: D -> 3D, output rows are <c>[q | k | v]</c>.</summary>
    public required PackedLinear Qkv { get; init; }

    /// <summary>Attention output projection, D -> D.</summary>
    public required PackedLinear Out { get; init; }

    /// <summary>FFN first layer, D -> F.</summary>
    public required PackedLinear Fc1 { get; init; }

    /// <summary>FFN second layer, F -> D.</summary>
    public required PackedLinear Fc2 { get; init; }

    /// <summary><c>self_attn_layer_norm</c> (pre-attention).</summary>
    public required NormWeights AttentionNorm { get; init; }

    /// <summary><c>self_attn.inner_attn_ln</c> (sub-LN on the attention output).</summary>
    public required NormWeights InnerAttentionNorm { get; init; }

    /// <summary><c>final_layer_norm</c> (pre-FFN).</summary>
    public required NormWeights FinalNorm { get; init; }

    /// <summary><c>ffn.ffn_layernorm</c> (sub-LN inside the FFN, width F).</summary>
    public required NormWeights FfnNorm { get; init; }
}
