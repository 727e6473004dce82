namespace SlideEmbed.Slides;

/// <summary>How a user-supplied microns-per-pixel value relates to the file's own metadata.</summary>
public enum MppOverrideMode
{
    /// <summary>Default: the override is the last link of the chain, used only when the file has no usable value.</summary>
    Fallback,

    /// <summary>The override wins even over the file's metadata (for slides whose metadata is known to be wrong).</summary>
    Force,
}
