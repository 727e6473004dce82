namespace SlideEmbed.Slides;

/// <summary>An image stored beside the pyramid (label, macro, thumbnail...).</summary>
/// <param name="Name">The library's name for it, e.g. <c>label</c>, <c>macro</c>, <c>thumbnail</c>.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record AssociatedImageInfo(string Name, long Width, long Height);
