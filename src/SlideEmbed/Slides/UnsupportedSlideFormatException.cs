namespace SlideEmbed.Slides;

/// <summary>The file is not a slide format the reader recognises (or it is missing).</summary>
public sealed class UnsupportedSlideFormatException : SlideException
{
    /// <inheritdoc cref="SlideException(string, string, string?, Exception?)" />
    public UnsupportedSlideFormatException(string slidePath, string message, string? libraryMessage = null)
        : base(slidePath, message, libraryMessage)
    {
    }

    /// <inheritdoc />
    public override string Kind => "unsupported-format";
}
