namespace SlideEmbed.Slides;

/// <summary>No microns-per-pixel value could be found for a slide and the user gave none.</summary>
public sealed class MissingResolutionException : SlideException
{
    /// <inheritdoc cref="SlideException(string, string, string?, Exception?)" />
    public MissingResolutionException(string slidePath, string message)
        : base(slidePath, message)
    {
    }

    /// <inheritdoc />
    public override string Kind => "missing-mpp";
}
