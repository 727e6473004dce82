namespace SlideEmbed.Slides;

/// <summary>Opens slide files; the seam between the pipeline and a slide library.</summary>
public interface ISlideOpener
{
    /// <summary>The library's format name for a file, or null when it does not recognise it. Does not open the slide.</summary>
    /// <param name="path">Path of the file.</param>
    /// <returns>A vendor name such as <c>aperio</c>, or null.</returns>
    string? DetectVendor(string path);

    /// <summary>Opens a slide.</summary>
    /// <param name="path">Path of the slide file.</param>
    /// <returns>The open slide; the caller disposes it.</returns>
    /// <exception cref="UnsupportedSlideFormatException">The file is not a recognised format.</exception>
    /// <exception cref="SlideOpenException">The file is missing, or its format is recognised but it cannot be opened.</exception>
    /// <exception cref="SlideLibraryUnavailableException">The native library is not installed.</exception>
    ISlideSource Open(string path);
}
