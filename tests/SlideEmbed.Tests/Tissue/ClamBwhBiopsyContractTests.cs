using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

/// <summary>CLAM, bwh_biopsy preset.</summary>
public sealed class ClamBwhBiopsyContractTests : TissueDetectorContractTests
{
    protected override ITissueDetector CreateDetector(PenMarkOptions? penMarks) =>
        new ClamTissueDetector(ClamTissueOptions.BwhBiopsy with { PenMarks = penMarks });
}
