namespace SlideEmbed.Aggregation;

/// <summary>Sizes of a loaded GigaPath slide encoder, read from its weights (heads from the options).</summary>
/// <param name="InputDimension">Tile embedding width (1536 for the released model).</param>
/// <param name="Width">Model width D (768).</param>
/// <param name="Depth">Number of encoder layers (12).</param>
/// <param name="Heads">Attention heads (16).</param>
/// <param name="FfnDimension">Feed-forward hidden width (3072).</param>
public sealed record LongNetArchitecture(int InputDimension, int Width, int Depth, int Heads, int FfnDimension)
{
    /// <summary>Width of one head, <c>Width / Heads</c> (48).</summary>
    public int HeadDimension => Width / Heads;

    /// <summary>Number of parameters in the weights (86,330,880 for the released model).</summary>
    public long ParameterCount =>
        Width + ((long)InputDimension * Width) + Width
        + (Depth * ((4L * ((Width * Width) + Width)) + (6L * Width) + (2L * FfnDimension) + ((long)Width * FfnDimension) + FfnDimension + ((long)FfnDimension * Width) + Width))
        + (4L * Width);
}
