namespace SlideEmbed.Aggregation;

/// <summary>Which pooled vector of the GigaPath slide encoder a <see cref="LongNetOutput"/> selects.</summary>
public enum LongNetOutputKind
{
    /// <summary><c>cls</c>: <c>norm(final[0])</c>, the CLS token after the encoder's final LayerNorm (the official README's plain call).</summary>
    Cls,

    /// <summary><c>mean</c>: <c>norm(mean(final[1:]))</c>, the mean of the tile tokens after the encoder's final LayerNorm (global pooling).</summary>
    Mean,

    /// <summary><c>layer-cls:N</c>: <c>norm(h_N[0])</c>, the CLS token of hidden state N (0 = input embeddings), without the encoder's final LayerNorm.</summary>
    LayerCls,

    /// <summary><c>layer-mean:N</c>: <c>norm(mean(h_N[1:]))</c>, the mean tile token of hidden state N, without the encoder's final LayerNorm. TRIDENT's default is N = 11.</summary>
    LayerMean,
}
