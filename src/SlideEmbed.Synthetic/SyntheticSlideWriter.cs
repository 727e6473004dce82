using SlideEmbed.Synthetic.Writing;

namespace SlideEmbed.Synthetic;

/// <summary>
/// Writes synthetic pyramidal tiled TIFF slides with exact ground truth, for tests and benchmarks,
/// with LibTiff.NET (managed; no native dependency).
/// </summary>
/// <remarks>
/// <para>Every level is rendered straight from the analytic <see cref="SyntheticScene"/> (pixel centres
/// mapped to level 0, see <see cref="SyntheticScene"/>), not by downsampling level 0, so every level is
/// exact, and memory stays bounded: one tile row of compressed tiles plus one tile of pixels per thread,
/// whatever the slide size. Tiles are rendered and compressed on several threads and written in order,
/// so the bytes do not depend on the thread count.</para>
/// <para>Level k (downsample d) is ceil(W / d) x ceil(H / d); edge tiles are padded with the background.</para>
/// <para>Thread-safe: concurrent calls write independent files.</para>
/// </remarks>
public static class SyntheticSlideWriter
{
    /// <summary>Longer side of the Aperio thumbnail in pixels (the slide's own size when smaller).</summary>
    public const int ThumbnailMaxSide = 768;

    /// <summary>Width of the Aperio label image in pixels.</summary>
    public const int LabelWidth = 400;

    /// <summary>Height of the Aperio label image in pixels.</summary>
    public const int LabelHeight = 400;

    /// <summary>Width of the Aperio macro image in pixels.</summary>
    public const int MacroWidth = 1280;

    /// <summary>Height of the Aperio macro image in pixels.</summary>
    public const int MacroHeight = 432;

    /// <summary>
    /// Writes a slide atomically: into a hidden temporary file beside <paramref name="path"/>, renamed
    /// over <paramref name="path"/> only when complete; on failure or cancellation the temporary file is deleted.
    /// </summary>
    /// <param name="path">Where to write, e.g. <c>slide.svs</c> or <c>slide.tiff</c>; its folder is created if needed; an existing file is replaced.</param>
    /// <param name="spec">What to write; validated first.</param>
    /// <param name="progress">Receives the fraction done, 0 to 1, from the writing thread; null for none.</param>
    /// <param name="cancellationToken">Stops the write between tile rows.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentException"><paramref name="spec"/> breaks a rule (see <see cref="SyntheticSlideSpec.Validate"/>).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is left behind.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static SyntheticSlideInfo Write(string path, SyntheticSlideSpec spec, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        try
        {
            SyntheticSlideInfo info;
            using (var writer = new SlideFileWriter(temp, spec, progress, cancellationToken))
            {
                info = writer.Run(full);
            }

            File.Move(temp, full, overwrite: true);
            return info;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
