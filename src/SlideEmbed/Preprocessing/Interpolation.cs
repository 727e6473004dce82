namespace SlideEmbed.Preprocessing;

/// <summary>Resampling filters, with the meaning Pillow gives them (torchvision's resize of a PIL image calls Pillow).</summary>
public enum Interpolation
{
    /// <summary>Nearest neighbour (Pillow's affine nearest: source pixel under the output pixel centre).</summary>
    Nearest,

    /// <summary>Triangle filter, support 1, widened by the scale factor when shrinking (antialiased).</summary>
    Bilinear,

    /// <summary>Cubic convolution with a = -0.5, support 2, widened by the scale factor when shrinking (antialiased).</summary>
    Bicubic,
}
