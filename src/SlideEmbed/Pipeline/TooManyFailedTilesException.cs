using SlideEmbed.Slides;

namespace SlideEmbed.Pipeline;

/// <summary>More tiles of a slide failed to read than the configured fraction allows.</summary>
public sealed class TooManyFailedTilesException : SlideException
{
    /// <inheritdoc cref="SlideException(string, string, string?, Exception?)" />
    public TooManyFailedTilesException(string slidePath, string message, string? libraryMessage = null)
        : base(slidePath, message, libraryMessage)
    {
    }

    /// <inheritdoc />
    public override string Kind => "too-many-failed-tiles";
}
