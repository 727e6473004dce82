using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

/// <summary>CLAM, tcga preset.</summary>
public sealed class ClamTcgaContractTests : TissueDetectorContractTests
{
    protected override ITissueDetector CreateDetector(PenMarkOptions? penMarks) =>
        new ClamTissueDetector(ClamTissueOptions.Tcga with { PenMarks = penMarks });
}
