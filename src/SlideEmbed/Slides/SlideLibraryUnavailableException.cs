namespace SlideEmbed.Slides;

/// <summary>The native slide library could not be loaded; the message says what to install.</summary>
public sealed class SlideLibraryUnavailableException : SlideException
{
    /// <inheritdoc cref="SlideException(string, string, string?, Exception?)" />
    public SlideLibraryUnavailableException(string slidePath, string message, Exception? innerException = null)
        : base(slidePath, message, null, innerException)
    {
    }

    /// <inheritdoc />
    public override string Kind => "library-unavailable";
}
