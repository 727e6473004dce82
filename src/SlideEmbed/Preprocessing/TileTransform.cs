namespace SlideEmbed.Preprocessing;

/// <summary>
/// A model's evaluation transform, as torchvision composes it on a PIL image:
/// <c>Resize(ResizeSize, Interpolation)</c> (shorter edge to <see cref="ResizeSize"/>, longer edge
/// scaled and truncated), then <c>CenterCrop(CropSize)</c>, then <c>ToTensor</c> and
/// <c>Normalize(Mean, Std)</c>. Immutable; <see cref="Validate"/> checks it.
/// </summary>
public sealed class TileTransform
{
    /// <summary>Target of the shorter edge, or null for no resize.</summary>
    public int? ResizeSize { get; init; }

    /// <summary>Resize filter; default bilinear.</summary>
    public Interpolation Interpolation { get; init; } = Interpolation.Bilinear;

    /// <summary>Centre crop edge, or null for none.</summary>
    public int? CropSize { get; init; }

    /// <summary>Per-channel mean (RGB, on values in [0, 1]); default ImageNet.</summary>
    public IReadOnlyList<float> Mean { get; init; } = [0.485f, 0.456f, 0.406f];

    /// <summary>Per-channel standard deviation (RGB); default ImageNet.</summary>
    public IReadOnlyList<float> Std { get; init; } = [0.229f, 0.224f, 0.225f];

    /// <summary>Checks sizes and statistics.</summary>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    public void Validate()
    {
        if (ResizeSize is < 1 || CropSize is < 1)
        {
            throw new ArgumentException("Resize and crop sizes must be at least 1 pixel.");
        }

        if (Mean.Count != 3 || Std.Count != 3 || Std.Any(s => !(s > 0)))
        {
            throw new ArgumentException("Mean and std need three values each, std positive.");
        }
    }

    /// <summary>Size after the resize step for an input of <paramref name="width"/> x <paramref name="height"/>.</summary>
    /// <param name="width">Input width.</param>
    /// <param name="height">Input height.</param>
    /// <returns>Resized width and height.</returns>
    public (int Width, int Height) ResizedSize(int width, int height)
    {
        if (ResizeSize is not { } size)
        {
            return (width, height);
        }

        // torchvision: the shorter edge becomes `size`, the longer int(size * long / short).
        return width <= height
            ? (size, (int)((long)size * height / width))
            : ((int)((long)size * width / height), size);
    }

    /// <summary>Edge of the model input for an input of <paramref name="width"/> x <paramref name="height"/> (must be square after crop).</summary>
    /// <param name="width">Input width.</param>
    /// <param name="height">Input height.</param>
    /// <returns>Output width and height.</returns>
    public (int Width, int Height) OutputSize(int width, int height)
    {
        var (w, h) = ResizedSize(width, height);
        return CropSize is { } c ? (c, c) : (w, h);
    }
}
