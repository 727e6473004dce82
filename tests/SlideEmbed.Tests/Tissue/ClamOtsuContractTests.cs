using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

/// <summary>CLAM with Otsu's threshold on the median-filtered saturation.</summary>
public sealed class ClamOtsuContractTests : TissueDetectorContractTests
{
    protected override ITissueDetector CreateDetector(PenMarkOptions? penMarks) =>
        new ClamTissueDetector(ClamTissueOptions.Tcga with { UseOtsu = true, PenMarks = penMarks });
}
