namespace SlideEmbed.Models;

/// <summary>A manifest is invalid or its model file is missing or does not match; the message names the file and the fix.</summary>
public sealed class ModelManifestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">Cause, if any.</param>
    public ModelManifestException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
