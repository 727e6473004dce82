namespace SlideEmbed.Output;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one: the content goes
/// to a temporary file beside the target (name starting with <c>.</c> and ending in <c>.partial</c>),
/// is flushed to disk, and is renamed over the target. A failed or cancelled write leaves no file.
/// </summary>
public static class AtomicFile
{
    /// <summary>Suffix of temporary files; anything ending in it is an interrupted write and may be deleted.</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>Writes <paramref name="path"/> atomically.</summary>
    /// <param name="path">Target path; its folder is created when missing.</param>
    /// <param name="write">Writes the content to the stream it is given.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        using var writer = new AtomicFileWriter(path);
        write(writer.Stream);
        writer.Commit();
    }
}
