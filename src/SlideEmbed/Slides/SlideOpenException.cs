namespace SlideEmbed.Slides;

/// <summary>The format was recognised but the slide could not be opened (corrupt or unsupported variant).</summary>
public sealed class SlideOpenException : SlideException
{
    /// <inheritdoc cref="SlideException(string, string, string?, Exception?)" />
    public SlideOpenException(string slidePath, string message, string? libraryMessage = null, Exception? innerException = null)
        : base(slidePath, message, libraryMessage, innerException)
    {
    }

    /// <inheritdoc />
    public override string Kind => "unopenable";
}
