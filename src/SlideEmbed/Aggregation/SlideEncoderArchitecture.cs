namespace SlideEmbed.Aggregation;

/// <summary>The <c>encoder</c> field of a slide-encoder manifest: which native implementation runs it.</summary>
public enum SlideEncoderArchitecture
{
    /// <summary><c>longnet</c> (or no field): Prov-GigaPath, read by <see cref="SlideEncoderManifest"/>.</summary>
    LongNet,

    /// <summary><c>titan</c>: <see cref="TitanSlideEncoder"/>.</summary>
    Titan,

    /// <summary><c>feather</c>: <see cref="GatedAttentionSlideEncoder"/>, <see cref="GatedAttentionVariant.Feather"/>.</summary>
    Feather,

    /// <summary><c>chief</c>: <see cref="GatedAttentionSlideEncoder"/>, <see cref="GatedAttentionVariant.Chief"/>.</summary>
    Chief,

    /// <summary><c>madeleine</c>: <see cref="GatedAttentionSlideEncoder"/>, <see cref="GatedAttentionVariant.Madeleine"/>.</summary>
    Madeleine,
}
