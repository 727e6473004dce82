namespace SlideEmbed.Slides;

/// <summary>
/// Pixels could not be read. With OpenSlide the handle is unusable afterwards: every later read of the
/// same open slide fails with the same message, so callers reopen the slide to go on.
/// </summary>
public sealed class SlideReadException : SlideException
{
    /// <inheritdoc cref="SlideException(string, string, string?, Exception?)" />
    public SlideReadException(string slidePath, string message, string? libraryMessage = null, Exception? innerException = null)
        : base(slidePath, message, libraryMessage, innerException)
    {
    }

    /// <inheritdoc />
    public override string Kind => "unreadable";
}
