using SlideEmbed.Geometry;

namespace SlideEmbed.Slides;

/// <summary>One user-supplied resolution.</summary>
/// <param name="Mpp">The level-0 microns per pixel the user gave.</param>
/// <param name="Origin">Where it was given, e.g. <c>--mpp</c> or <c>slides.csv line 4</c>.</param>
public sealed record MppOverride(MicronsPerPixel Mpp, string Origin);
