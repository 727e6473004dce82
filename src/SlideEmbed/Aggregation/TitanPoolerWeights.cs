namespace SlideEmbed.Aggregation;

/// <summary>
/// TITAN's <c>attn_pool_contrastive</c>: one learned query attends over <c>LN_k(x)</c> with
/// <c>nn.MultiheadAttention</c> (<c>in_proj_weight</c> = q | k | v rows, <c>out_proj</c>); both LayerNorms use
/// PyTorch's default eps 1e-5.
/// </summary>
internal sealed class TitanPoolerWeights
{
    /// <summary>The query, [W].</summary>
    public required float[] Query { get; init; }

    /// <summary><c>attn.in_proj_weight</c>, [3W, W] row-major.</summary>
    public required float[] InProjWeight { get; init; }

    /// <summary><c>attn.in_proj_bias</c>, [3W].</summary>
    public required float[] InProjBias { get; init; }

    /// <summary><c>attn.out_proj.weight</c>, [W, W] row-major.</summary>
    public required float[] OutProjWeight { get; init; }

    /// <summary><c>attn.out_proj.bias</c>, [W].</summary>
    public required float[] OutProjBias { get; init; }

    /// <summary><c>ln_q</c>.</summary>
    public required NormWeights QueryNorm { get; init; }

    /// <summary><c>ln_k</c>.</summary>
    public required NormWeights KeyNorm { get; init; }

    /// <summary>Number of pooler heads (8).</summary>
    public required int Heads { get; init; }
}
