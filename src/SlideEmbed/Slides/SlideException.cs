namespace SlideEmbed.Slides;

/// <summary>
/// Base of every error about one slide: it names the slide and, where the slide library gave one,
/// the library's own message.
/// </summary>
public class SlideException : Exception
{
    /// <summary>Creates an exception for the slide at <paramref name="slidePath"/>.</summary>
    /// <param name="slidePath">Path of the slide the error is about.</param>
    /// <param name="message">What went wrong and, where there is one, the fix.</param>
    /// <param name="libraryMessage">The slide library's message, if any.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public SlideException(string slidePath, string message, string? libraryMessage = null, Exception? innerException = null)
        : base(message, innerException)
    {
        SlidePath = slidePath;
        LibraryMessage = libraryMessage;
    }

    /// <summary>Path of the slide the error is about.</summary>
    public string SlidePath { get; }

    /// <summary>The slide library's own message, or null.</summary>
    public string? LibraryMessage { get; }

    /// <summary>A short machine-friendly name of the error kind, used in reports and JSON output.</summary>
    public virtual string Kind => "slide-error";
}
