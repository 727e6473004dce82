namespace SlideEmbed.Safetensors;

/// <summary>A safetensors file is malformed: bad header, offsets out of range, unknown dtype, or a tensor that does not fit its shape.</summary>
public sealed class SafetensorsFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SafetensorsFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, naming the file and the tensor where known.</param>
    public SafetensorsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying error.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error (e.g. a JSON parse error).</param>
    public SafetensorsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
