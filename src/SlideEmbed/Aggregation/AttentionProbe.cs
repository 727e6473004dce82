namespace SlideEmbed.Aggregation;

/// <summary>Receives a layer's dilated-attention output (before <c>inner_attn_ln</c>), for tests and debugging.</summary>
/// <param name="layer">Layer index, 0-based.</param>
/// <param name="attention">L rows of D floats; valid only during the call.</param>
internal delegate void AttentionProbe(int layer, ReadOnlySpan<float> attention);
