using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Aggregation;

/// <summary>One encoder layer's parameters, linear layers packed for <see cref="Gemm"/>. Immutable.</summary>
/// <param name="Qkv">q, k and v projections fused: D -> 3D, output rows are <c>[q | k | v]</c>.</param>
/// <param name="Out">Attention output projection, D -> D.</param>
/// <param name="Fc1">FFN first layer, D -> F.</param>
/// <param name="Fc2">FFN second layer, F -> D.</param>
/// <param name="AttentionNorm"><c>self_attn_layer_norm</c> (pre-attention).</param>
/// <param name="InnerAttentionNorm"><c>self_attn.inner_attn_ln</c> (sub-LN on the attention output).</param>
/// <param name="FinalNorm"><c>final_layer_norm</c> (pre-FFN).</param>
/// <param name="FfnNorm"><c>ffn.ffn_layernorm</c> (sub-LN inside the FFN, width F).</param>
internal sealed record LongNetLayerWeights(
    PackedLinear Qkv,
    PackedLinear Out,
    PackedLinear Fc1,
    PackedLinear Fc2,
    NormWeights AttentionNorm,
    NormWeights InnerAttentionNorm,
    NormWeights FinalNorm,
    NormWeights FfnNorm);
