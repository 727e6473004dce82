using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Aggregation;

/// <summary>All parameters of a GigaPath slide encoder. Immutable.</summary>
/// <param name="ClsToken">The learned CLS token, [D].</param>
/// <param name="Projection">Tile embedding projection, input -> D.</param>
/// <param name="Layers">Encoder layers.</param>
/// <param name="EncoderNorm"><c>encoder.layer_norm</c>, applied to the last hidden state for <c>cls</c> and <c>mean</c>.</param>
/// <param name="Norm">The outer <c>norm</c>, applied to every pooled output.</param>
internal sealed record LongNetWeights(float[] ClsToken, PackedLinear Projection, LongNetLayerWeights[] Layers, NormWeights EncoderNorm, NormWeights Norm);
