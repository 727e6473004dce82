using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

/// <summary>The CellViT-style double-pass Otsu detector.</summary>
public sealed class OtsuDetectorContractTests : TissueDetectorContractTests
{
    protected override ITissueDetector CreateDetector(PenMarkOptions? penMarks) =>
        new OtsuTissueDetector(OtsuTissueOptions.Default with { PenMarks = penMarks });
}
