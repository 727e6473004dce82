namespace SlideEmbed.Segmentation;

/// <summary>
/// Runs a semantic segmentation network on a batch of normalised patches. Implemented over ONNX Runtime
/// (<c>SlideEmbed.Onnx</c>) and by test doubles.
/// </summary>
public interface ISegmentationModel
{
    /// <summary>Where the model runs, e.g. <c>cpu</c> or <c>cuda:0</c>.</summary>
    string Device { get; }

    /// <summary>Runs the network.</summary>
    /// <param name="input">Patches as <c>[batch, 3, size, size]</c> float32, row-major, already normalised.</param>
    /// <param name="batch">Number of patches.</param>
    /// <param name="size">Patch side in pixels.</param>
    /// <returns>Scores as <c>[batch, classes, size, size]</c> float32; the caller owns the array.</returns>
    float[] Run(float[] input, int batch, int size);
}
