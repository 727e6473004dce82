using SlideEmbed.Geometry;

namespace SlideEmbed.Slides;

/// <summary>A slide's level-0 resolution and where it came from.</summary>
/// <param name="Mpp">Level-0 microns per pixel.</param>
/// <param name="Source">Which link of the chain gave it.</param>
/// <param name="Detail">The property name, tag or override that gave it, for logs and provenance.</param>
public sealed record SlideResolution(MicronsPerPixel Mpp, ResolutionSource Source, string Detail);
