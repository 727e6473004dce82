namespace SlideEmbed.Synthetic;

/// <summary>Which TIFF dialect a synthetic slide is written in, and so which OpenSlide driver opens it.</summary>
public enum SyntheticSlideStyle
{
    /// <summary>
    /// A plain pyramidal tiled TIFF (OpenSlide vendor <c>generic-tiff</c>): reduced levels marked with
    /// NewSubfileType = reduced image, resolution in XResolution/YResolution with ResolutionUnit =
    /// centimeter (10000 / mpp pixels per centimetre). OpenSlide 3.4.1 reports it as
    /// <c>tiff.XResolution</c>/<c>tiff.ResolutionUnit</c>, not <c>openslide.mpp-x</c>.
    /// </summary>
    Generic,

    /// <summary>
    /// An Aperio SVS-style TIFF (OpenSlide vendor <c>aperio</c>): the first ImageDescription starts with
    /// <c>Aperio Image Library</c> and carries <c>|MPP = m|AppMag = p</c>, which OpenSlide turns into
    /// <c>openslide.mpp-x/y</c> and <c>openslide.objective-power</c>. Optional thumbnail, label and
    /// macro images are stripped directories placed where Aperio puts them.
    /// </summary>
    Aperio,
}
