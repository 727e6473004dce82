namespace SlideEmbed.Aggregation;

/// <summary>A slide embedding was requested for a slide without tiles (no tissue, or every tile failed).</summary>
public sealed class EmptySlideException : ArgumentException
{
    /// <summary>Creates the exception with the default message.</summary>
    public EmptySlideException()
        : base("The slide has no tiles: a slide embedding needs at least one tile embedding.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was empty.</param>
    public EmptySlideException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What was empty.</param>
    /// <param name="innerException">The cause.</param>
    public EmptySlideException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
