namespace SlideEmbed.Onnx.Tests;

/// <summary>
/// Runs <c>tools/conformance_segmenter.py</c> once for the test class: both segmenter exports from seeded
/// random weights in the released files' layouts, and the independent reference pipeline's decisions on
/// small synthetic images (GrandQC's JPEG step through OpenCV, hence cv2).
/// </summary>
public sealed class SegmenterConformanceRun : ConformanceRun
{
    /// <summary>Runs the script, or records why it cannot run.</summary>
    public SegmenterConformanceRun()
        : base("conformance_segmenter.py", "torch, onnx, torchvision, cv2")
    {
    }
}
