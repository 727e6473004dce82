namespace SlideEmbed.Tissue;

/// <summary>The output of a tissue detector on one low-resolution image.</summary>
/// <param name="Mask">Final tissue mask at the detection resolution (1 = tissue), consistent with <paramref name="Regions"/>: filtered regions and holes are applied to it.</param>
/// <param name="Regions">Tissue regions in mask pixel units, holes included, after area filters.</param>
public sealed record TissueDetectionResult(BinaryMask Mask, IReadOnlyList<TissueRegion> Regions)
{
    /// <summary>The artifact segmenter that removed pixels from the tissue mask, or null when none did.</summary>
    public string? ArtifactModel { get; init; }

    /// <summary>Whether the artifact segmenter removed all the tissue the first pass found.</summary>
    public bool ArtifactsErasedAllTissue { get; init; }
}
