using SlideEmbed.Geometry;

namespace SlideEmbed.Imaging;

/// <summary>How the low-resolution image for tissue detection is made. Immutable once built.</summary>
public sealed class LowResolutionOptions
{
    /// <summary>Wanted resolution (its isotropic mean is used); default 8 um/px (1.25x), the resolution CLAM-style detectors are tuned for.</summary>
    public MicronsPerPixel TargetMpp { get; init; } = MicronsPerPixel.Isotropic(8);

    /// <summary>Coarsest pyramid level resolution used directly (its isotropic mean is compared); default 16 um/px.</summary>
    public MicronsPerPixel MaxMpp { get; init; } = MicronsPerPixel.Isotropic(16);

    /// <summary>Pixels read per call when building the image in stripes; bounds memory (default 4 Mpx, ~28 MB with scratch).</summary>
    public long StripePixels { get; init; } = 4L * 1024 * 1024;

    /// <summary>Largest low-resolution image accepted (default 64 Mpx), a guard against corrupt dimensions.</summary>
    public long MaxPixels { get; init; } = 64L * 1024 * 1024;
}
