namespace SlideEmbed.Aggregation;

/// <summary>A LayerNorm's scale and shift.</summary>
/// <param name="Weight">Scale.</param>
/// <param name="Bias">Shift.</param>
internal sealed record NormWeights(float[] Weight, float[] Bias);
