namespace SlideEmbed.Slides;

/// <summary>One slide to process.</summary>
/// <param name="Path">Full path of the slide file (the <c>.mrxs</c> for MIRAX).</param>
/// <param name="Mpp">A level-0 microns per pixel given for this slide (CSV list), or null.</param>
public sealed record SlideInput(string Path, double? Mpp = null);
