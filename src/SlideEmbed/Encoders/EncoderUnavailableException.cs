namespace SlideEmbed.Encoders;

/// <summary>A requested device cannot run the model here; the message says why and what to do.</summary>
public sealed class EncoderUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Reason and fix.</param>
    /// <param name="innerException">Cause.</param>
    public EncoderUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
