using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Aggregation;

/// <summary>One pre-LN ViT block of TITAN (<c>blocks.modules_list.{i}</c>).</summary>
internal sealed class TitanLayerWeights
{
    /// <summary><c>norm1</c>, eps 1e-6.</summary>
    public required NormWeights Norm1 { get; init; }

    /// <summary><c>attn.qkv</c>, [3W, W] fused q | k | v.</summary>
    public required PackedLinear Qkv { get; init; }

    /// <summary><c>attn.proj</c>.</summary>
    public required PackedLinear Proj { get; init; }

    /// <summary><c>norm2</c>, eps 1e-6.</summary>
    public required NormWeights Norm2 { get; init; }

    /// <summary><c>mlp.fc1</c>, followed by exact GELU.</summary>
    public required PackedLinear Fc1 { get; init; }

    /// <summary><c>mlp.fc2</c>.</summary>
    public required PackedLinear Fc2 { get; init; }
}
