namespace SlideEmbed.Slides;

/// <summary>Where a slide's microns-per-pixel value came from, in the order the chain tries them.</summary>
public enum ResolutionSource
{
    /// <summary>A user override given with <see cref="MppOverrideMode.Force"/>, which wins over the file.</summary>
    ForcedOverride,

    /// <summary>The library's standard <c>openslide.mpp-x</c> / <c>openslide.mpp-y</c>.</summary>
    OpenSlideProperty,

    /// <summary>A vendor key such as <c>aperio.MPP</c> or <c>philips.DICOM_PIXEL_SPACING</c>.</summary>
    VendorProperty,

    /// <summary>The level-0 TIFF <c>XResolution</c> / <c>YResolution</c> tags with a centimetre or inch unit.</summary>
    TiffResolution,

    /// <summary>A user override (per-slide value or CSV row), used because the file has no usable value.</summary>
    Override,
}
