namespace SlideEmbed.Imaging;

/// <summary>How the low-resolution image for tissue detection is made. Immutable once built.</summary>
public sealed class LowResolutionOptions
{
    /// <summary>Wanted resolution in microns per pixel; default 8 (1.25x), the resolution CLAM-style detectors are tuned for.</summary>
    public double TargetMpp { get; init; } = 8;

    /// <summary>Coarsest pyramid level resolution used directly, in microns per pixel; default 16.</summary>
    public double MaxMpp { get; init; } = 16;

    /// <summary>Pixels read per call when building the image in stripes; bounds memory (default 4 Mpx, ~28 MB with scratch).</summary>
    public long StripePixels { get; init; } = 4L * 1024 * 1024;

    /// <summary>Largest low-resolution image accepted (default 64 Mpx), a guard against corrupt dimensions.</summary>
    public long MaxPixels { get; init; } = 64L * 1024 * 1024;
}
