using System.Buffers;
using System.Runtime.InteropServices;
using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.OpenSlide.Direct;
using SlideEmbed.OpenSlide.Interop;
using SlideEmbed.Slides;

namespace SlideEmbed.OpenSlide;

/// <summary>
/// A slide opened with OpenSlide. Metadata (levels, properties, associated image sizes) is read once
/// at open; pixels are read on demand into caller-supplied buffers.
/// </summary>
/// <remarks>
/// Reads: regions of JPEG-tiled Aperio and generic TIFF levels are decoded directly from the file's tiles
/// with libjpeg-turbo when <c>libturbojpeg0</c> is installed (same pixels as OpenSlide, several times
/// faster); everything else goes through <c>openslide_read_region</c>.
/// Thread safety: any number of threads may read concurrently (OpenSlide handles are thread-safe).
/// <see cref="Dispose"/> may run while reads are in flight; the handle is closed after the last read
/// returns and later calls throw <see cref="ObjectDisposedException"/>.
/// Errors: OpenSlide's error state is sticky, so after the first failed read every later read throws
/// a <see cref="SlideReadException"/> with the same library message; reopen the slide to go on.
/// </remarks>
public sealed partial class OpenSlideSource : ISlideSource
{
    /// <summary>Largest region, in pixels, one <see cref="ReadRegion"/> call accepts (256 MiB of scratch).</summary>
    public const long MaxRegionPixels = 64L * 1024 * 1024;

    private readonly SafeOpenSlideHandle _handle;
    private readonly Dictionary<string, AssociatedImageInfo> _associatedByName;
    private volatile string? _error;
    private DirectJpegReader? _direct;
    private long _directRegionReads;

    private OpenSlideSource(string path, string vendor, SafeOpenSlideHandle handle)
    {
        Path = path;
        Vendor = vendor;
        _handle = handle;
        Levels = ReadLevels();
        Properties = ReadProperties();
        AssociatedImages = ReadAssociatedImageInfos();
        _associatedByName = AssociatedImages.ToDictionary(a => a.Name, StringComparer.Ordinal);
        BackgroundColor = Properties.TryGetValue("openslide.background-color", out var bg) && RgbColor.TryParseHex(bg, out var color)
            ? color
            : RgbColor.White;
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public string Vendor { get; }

    /// <inheritdoc />
    public IReadOnlyList<SlideLevel> Levels { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <inheritdoc />
    public IReadOnlyList<AssociatedImageInfo> AssociatedImages { get; }

    /// <inheritdoc />
    public RgbColor BackgroundColor { get; }

    /// <summary>Opens the slide at <paramref name="path"/>.</summary>
    /// <param name="path">Path of the slide file; any characters the file system allows.</param>
    /// <returns>The open slide; dispose it.</returns>
    /// <exception cref="SlideOpenException">The file does not exist, or OpenSlide recognises it but cannot open it.</exception>
    /// <exception cref="UnsupportedSlideFormatException">OpenSlide does not recognise the file.</exception>
    /// <exception cref="SlideLibraryUnavailableException">libopenslide is not installed.</exception>
    public static OpenSlideSource Open(string path) => Open(path, directReads: true);

    /// <summary>Opens a slide, optionally without the direct JPEG tile path (every read through OpenSlide).</summary>
    /// <param name="path">Path of the slide file.</param>
    /// <param name="directReads">Whether JPEG-tiled TIFF levels are decoded directly.</param>
    /// <returns>The open slide.</returns>
    internal static OpenSlideSource Open(string path, bool directReads)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        OpenSlideOpener.EnsureLibrary(full);
        if (Directory.Exists(full))
        {
            throw new SlideOpenException(full, $"Cannot open '{full}': it is a folder, not a slide file.");
        }

        var kind = FileKinds.Of(full);
        if (kind != FileKind.Regular)
        {
            throw new SlideOpenException(full, kind == FileKind.Missing
                ? $"Cannot open '{full}': the file does not exist."
                : $"Cannot open '{full}': it {FileKinds.NotASlideReason(kind)}.");
        }

        var length = new FileInfo(full).Length;
        if (length == 0)
        {
            throw new SlideOpenException(full, $"Cannot open '{full}': the file is empty (0 bytes); copy the slide again.");
        }

        var vendor = Marshal.PtrToStringUTF8(OpenSlideNative.openslide_detect_vendor(full));
        var handle = OpenSlideNative.openslide_open(full);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            if (IsDamagedTiff(full))
            {
                throw new SlideOpenException(full, $"Cannot open '{full}': the file is truncated or damaged ({length} bytes; it starts like a TIFF slide but its structure cannot be read); copy the slide again.");
            }

            throw new UnsupportedSlideFormatException(
                full,
                $"Cannot open '{full}': not a slide format OpenSlide {LibraryVersionOrUnknown()} recognises" +
                (vendor is null ? "." : $" (detected '{vendor}' but it would not open)."),
                "Not a file that OpenSlide can recognize");
        }

        var error = Marshal.PtrToStringUTF8(OpenSlideNative.openslide_get_error(handle));
        if (error is not null)
        {
            handle.Dispose();
            throw new SlideOpenException(full, vendor is null && IsDamagedTiff(full)
                ? $"Cannot open '{full}': the file is truncated or damaged (it starts like a TIFF slide; OpenSlide says: {error}); copy the slide again."
                : $"Cannot open '{full}' ({vendor ?? "unknown format"}): {error}", error);
        }

        try
        {
            var source = new OpenSlideSource(full, vendor ?? "unknown", handle);
            source.ThrowIfError("reading its metadata");
            if (directReads)
            {
                source._direct = DirectJpegReader.TryCreate(full, source.Vendor, source.Levels, source.Properties);
            }

            return source;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public unsafe void ReadRegion(long x, long y, int level, int width, int height, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        if ((uint)level >= (uint)Levels.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"'{Path}' has levels 0 to {Levels.Count - 1}.");
        }

        var pixels = (long)width * height;
        if (pixels > MaxRegionPixels)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A region of {width} x {height} exceeds {MaxRegionPixels} pixels; read it in tiles.");
        }

        if (destination.Length < pixels * 3)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; {width} x {height} RGB needs {pixels * 3}.", nameof(destination));
        }

        ThrowIfError("reading a region");
        if (pixels == 0 || TryReadDirect(x, y, level, width, height, destination))
        {
            return;
        }

        var scratch = ArrayPool<uint>.Shared.Rent((int)pixels);
        try
        {
            fixed (uint* dest = scratch)
            {
                OpenSlideNative.openslide_read_region(_handle, dest, x, y, level, width, height);
            }

            ThrowIfError($"reading {width} x {height} at ({x}, {y}) level {level}");
            PremultipliedArgb.ToRgb(scratch.AsSpan(0, (int)pixels), destination, BackgroundColor);
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(scratch);
        }
    }

    /// <inheritdoc />
    public unsafe RgbImage ReadAssociatedImage(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_associatedByName.TryGetValue(name, out var info))
        {
            throw new KeyNotFoundException($"'{Path}' has no associated image '{name}'; it has: {string.Join(", ", _associatedByName.Keys)}.");
        }

        ThrowIfError($"reading associated image '{name}'");
        var pixels = info.Width * info.Height;
        if (pixels > MaxRegionPixels)
        {
            throw new SlideReadException(Path, $"Associated image '{name}' of '{Path}' is {info.Width} x {info.Height}, larger than this reader accepts.");
        }

        var image = new RgbImage((int)info.Width, (int)info.Height);
        var scratch = ArrayPool<uint>.Shared.Rent((int)pixels);
        try
        {
            fixed (uint* dest = scratch)
            {
                OpenSlideNative.openslide_read_associated_image(_handle, name, dest);
            }

            ThrowIfError($"reading associated image '{name}'");
            PremultipliedArgb.ToRgb(scratch.AsSpan(0, (int)pixels), image.Pixels, BackgroundColor);
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(scratch);
        }
    }

    /// <summary>Closes the slide once in-flight reads have returned. Idempotent.</summary>
    public void Dispose()
    {
        _direct?.Dispose();
        _handle.Dispose();
    }

    /// <summary>How many <see cref="ReadRegion"/> calls the direct JPEG path served (tests and diagnostics).</summary>
    internal long DirectRegionReads => Interlocked.Read(ref _directRegionReads);

    /// <summary>The levels read by the direct JPEG path (tests and diagnostics).</summary>
    internal IReadOnlyList<int> DirectLevels => _direct is null ? [] : Enumerable.Range(0, Levels.Count).Where(i => _direct.Levels[i] is not null).ToArray();

    /// <inheritdoc />
    public override string ToString() => $"{Vendor} slide {Path}";

    private bool TryReadDirect(long x, long y, int level, int width, int height, Span<byte> destination)
    {
        if (_direct is null)
        {
            return false;
        }

        // Holding the OpenSlide handle keeps Dispose semantics: reads after Dispose throw ObjectDisposedException.
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            if (!_direct.TryRead(x, y, level, Levels[level].Downsample, width, height, destination))
            {
                return false;
            }

            Interlocked.Increment(ref _directRegionReads);
            return true;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    private static string LibraryVersionOrUnknown()
    {
        try
        {
            return OpenSlideLibrary.Version;
        }
        catch (DllNotFoundException)
        {
            return "(version unknown)";
        }
    }

    /// <summary>
    /// Whether the file begins like a TIFF (SVS, NDPI, generic TIFF and most formats are TIFF files) but its
    /// directories or tile data point past the end of the file or cannot be parsed: a truncated or damaged copy,
    /// not a format OpenSlide lacks.
    /// </summary>
    private static bool IsDamagedTiff(string path)
    {
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> head = stackalloc byte[4];
            if (RandomAccess.Read(file, head, 0) < 4 || !((head[0] == 'I' && head[1] == 'I') || (head[0] == 'M' && head[1] == 'M')))
            {
                return false;
            }

            var length = RandomAccess.GetLength(file);
            foreach (var image in TiffDirectoryParser.ReadTiledImages(file))
            {
                for (var i = 0; i < image.TileOffsets.Length && i < image.TileByteCounts.Length; i++)
                {
                    if (image.TileOffsets[i] + image.TileByteCounts[i] > length)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
        catch (InvalidDataException e)
        {
            return e.Message.Contains("past the end of the file", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
