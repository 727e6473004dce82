namespace SlideEmbed.Aggregation;

/// <summary>Which published gated-attention slide encoder a <see cref="GatedAttentionSlideEncoder"/> reproduces.</summary>
public enum GatedAttentionVariant
{
    /// <summary>
    /// FEATHER (MIL-Lab ABMIL base): Linear + ReLU, one gated-attention head, softmax pooling of the embedded
    /// features. Keys <c>model.patch_embed.0</c>, <c>model.global_attn.attention_{a,b}.0</c>, <c>model.global_attn.attention_c</c>.
    /// </summary>
    Feather,

    /// <summary>
    /// CHIEF: Linear + ReLU, one gated-attention head, softmax pooling of the original input features.
    /// Keys <c>attention_net.0</c>, <c>attention_net.3.attention_{a,b}.0</c>, <c>attention_net.3.attention_c</c>.
    /// </summary>
    Chief,

    /// <summary>
    /// MADELEINE: three Linear + LayerNorm + GELU layers, gated-attention heads on interleaved channels
    /// (head c sees channels c, c + H, ...), each pooling its own channels, then a projector. Keys
    /// <c>wsi_embedders.pre_attn.{0,1,4,5,8,9}</c>, <c>wsi_embedders.attn.{c}.attention_{a,b}.0</c>,
    /// <c>wsi_embedders.attn.{c}.attention_c</c>, <c>projector</c>; <c>token_projector</c> is unused.
    /// </summary>
    Madeleine,
}
