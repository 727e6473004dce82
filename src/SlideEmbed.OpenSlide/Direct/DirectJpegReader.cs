using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using SlideEmbed.OpenSlide.Interop;
using SlideEmbed.Geometry;

namespace SlideEmbed.OpenSlide.Direct;

/// <summary>
/// Reads regions of JPEG-tiled Aperio and generic TIFF levels by decoding the file's tiles straight to RGB
/// with libjpeg-turbo, skipping OpenSlide's per-read file reopening, ARGB tiles and cairo compositing.
/// The pixels are the same as OpenSlide 3.4's, which decodes these tiles with the same library and
/// settings (through libtiff, YCbCr converted to RGB by libjpeg, accurate integer IDCT, smooth chroma
/// upsampling); the tests compare the two on every fixture.
/// </summary>
/// <remarks>
/// <para>Only regions that lie wholly inside a mapped level, at whole-pixel positions of that level, are read
/// here; everything else (edges, fractional positions, other formats and compressions, a tile whose header
/// does not match its directory, any decoding error) is left to OpenSlide by returning false.</para>
/// <para>Thread-safe: the file is read positionally, decoders are pooled, decoded tiles are cached (LRU).</para>
/// </remarks>
internal sealed unsafe class DirectJpegReader : IDisposable
{
    /// <summary>Bytes of decoded tiles kept, as OpenSlide's default cache.</summary>
    public const long CacheBytes = 32L * 1024 * 1024;

    private static readonly Lazy<bool> s_libraryAvailable = new(() => NativeLibrary.TryLoad(TurboJpegNative.Library, out _));

    private readonly SafeFileHandle _file;
    private readonly TiffTiledImage?[] _levels;
    private readonly byte[]?[] _tablePrefixes;
    private readonly DecodedTileCache _cache = new(CacheBytes);
    private readonly ConcurrentBag<IntPtr> _decoders = [];
    private volatile bool _disposed;

    private DirectJpegReader(SafeFileHandle file, TiffTiledImage?[] levels)
    {
        _file = file;
        _levels = levels;
        _tablePrefixes = levels.Select(l => TablePrefix(l?.JpegTables)).ToArray();
    }

    /// <summary>Whether libturbojpeg can be loaded on this machine.</summary>
    public static bool LibraryAvailable => s_libraryAvailable.Value;

    /// <summary>The TIFF directory behind each level read here (null: read by OpenSlide).</summary>
    public IReadOnlyList<TiffTiledImage?> Levels => _levels;

    /// <summary>
    /// A reader for the slide's JPEG-tiled levels, or null when none qualifies: another vendor, no JPEG
    /// levels, libturbojpeg missing, or a file whose directories do not match OpenSlide's levels.
    /// </summary>
    /// <param name="path">The slide file.</param>
    /// <param name="vendor">OpenSlide's vendor name.</param>
    /// <param name="levels">OpenSlide's levels.</param>
    /// <param name="properties">OpenSlide's properties (for the tile sizes).</param>
    /// <returns>The reader or null.</returns>
    public static DirectJpegReader? TryCreate(string path, string vendor, IReadOnlyList<SlideLevel> levels, IReadOnlyDictionary<string, string> properties)
    {
        if (vendor is not ("aperio" or "generic-tiff") || !LibraryAvailable)
        {
            return null;
        }

        SafeFileHandle? file = null;
        try
        {
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            var images = TiffDirectoryParser.ReadTiledImages(file);
            var mapped = new TiffTiledImage?[levels.Count];
            for (var i = 0; i < levels.Count; i++)
            {
                var candidates = images.Where(t => t.Width == levels[i].Width && t.Height == levels[i].Height).ToList();
                if (candidates.Count == 1 && candidates[0].IsJpegRgb && TileSizeMatches(properties, i, candidates[0]))
                {
                    mapped[i] = candidates[0];
                }
            }

            if (mapped.All(m => m is null))
            {
                file.Dispose();
                return null;
            }

            return new DirectJpegReader(file, mapped);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or OverflowException)
        {
            // OpenSlide opened the slide, so it reads every region; this reader is only a faster path.
            file?.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Reads a region into RGB bytes if it lies wholly inside a mapped level at whole-pixel positions and
    /// every tile decodes cleanly; otherwise writes nothing meaningful and returns false.
    /// </summary>
    /// <param name="x">Left, level-0 pixels.</param>
    /// <param name="y">Top, level-0 pixels.</param>
    /// <param name="level">Level.</param>
    /// <param name="downsample">The level's downsample, as OpenSlide reports it.</param>
    /// <param name="width">Width in level pixels.</param>
    /// <param name="height">Height in level pixels.</param>
    /// <param name="destination">RGB bytes, rows packed.</param>
    /// <returns>True when the region was read.</returns>
    public bool TryRead(long x, long y, int level, double downsample, int width, int height, Span<byte> destination)
    {
        if (_disposed || _levels[level] is not { } image || !LevelPosition(x, downsample, out var left) || !LevelPosition(y, downsample, out var top))
        {
            return false;
        }

        if (left < 0 || top < 0 || left + width > image.Width || top + height > image.Height)
        {
            return false;
        }

        var tw = image.TileWidth;
        var th = image.TileHeight;
        for (var row = top / th; row <= (top + height - 1) / th; row++)
        {
            for (var col = left / tw; col <= (left + width - 1) / tw; col++)
            {
                var entry = Tile(level, image, (int)((row * image.TilesAcross) + col));
                if (entry is null)
                {
                    return false;
                }

                try
                {
                    // The part of this tile inside the region, in level pixels.
                    var x0 = Math.Max(left, col * tw);
                    var x1 = Math.Min(left + width, (col + 1) * tw);
                    var y0 = Math.Max(top, row * th);
                    var y1 = Math.Min(top + height, (row + 1) * th);
                    var bytes = (int)(x1 - x0) * 3;
                    for (var py = y0; py < y1; py++)
                    {
                        var source = entry.Pixels.AsSpan((int)((((py - (row * th)) * tw) + (x0 - (col * tw))) * 3), bytes);
                        source.CopyTo(destination[(int)((((py - top) * width) + (x0 - left)) * 3)..]);
                    }
                }
                finally
                {
                    _cache.Release(entry);
                }
            }
        }

        return true;
    }

    /// <summary>Closes the file and the idle decoders; decoders in use are freed when their read returns.</summary>
    public void Dispose()
    {
        _disposed = true;
        _file.Dispose();
        while (_decoders.TryTake(out var handle))
        {
            _ = TurboJpegNative.tjDestroy(handle);
        }
    }

    private static bool TileSizeMatches(IReadOnlyDictionary<string, string> properties, int level, TiffTiledImage image)
    {
        static int? Read(IReadOnlyDictionary<string, string> p, string key) =>
            p.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

        var w = Read(properties, $"openslide.level[{level}].tile-width");
        var h = Read(properties, $"openslide.level[{level}].tile-height");
        return (w is null || w == image.TileWidth) && (h is null || h == image.TileHeight);
    }

    /// <summary>The level pixel OpenSlide paints from: <c>position / downsample</c>, only when that is whole.</summary>
    private static bool LevelPosition(long position, double downsample, out long levelPosition)
    {
        var scaled = position / downsample;
        levelPosition = (long)Math.Floor(scaled);
        return scaled == levelPosition;
    }

    /// <summary>The JPEG tables without their end-of-image marker, to be followed by a tile without its start-of-image marker.</summary>
    private static byte[]? TablePrefix(byte[]? tables)
    {
        if (tables is not { Length: >= 4 } || tables[0] != 0xFF || tables[1] != 0xD8 || tables[^2] != 0xFF || tables[^1] != 0xD9)
        {
            return null;
        }

        return tables[..^2];
    }

    private DecodedTileCache.Entry? Tile(int level, TiffTiledImage image, int tile)
    {
        if (_cache.Acquire(level, tile) is { } cached)
        {
            return cached;
        }

        var length = image.TileWidth * image.TileHeight * 3;
        var pixels = DecodedTileCache.Rent(length);
        if (!Decode(level, image, tile, pixels))
        {
            DecodedTileCache.Discard(pixels);
            return null;
        }

        return _cache.Add(level, tile, pixels, length);
    }

    private bool Decode(int level, TiffTiledImage image, int tile, byte[] pixels)
    {
        var offset = image.TileOffsets[tile];
        var count = image.TileByteCounts[tile];
        if (count < 4 || count > 64L * 1024 * 1024 || offset < 0)
        {
            return false;
        }

        var prefix = _tablePrefixes[level];
        if (image.JpegTables is not null && prefix is null)
        {
            return false;
        }

        // Stream = tables without EOI + tile without SOI: the tile is read to sit just after the prefix's
        // end minus the two SOI bytes, which the prefix then overwrites.
        var start = prefix is null ? 0 : prefix.Length - 2;
        var total = (int)(start + count);
        var buffer = ArrayPool<byte>.Shared.Rent(total);
        var decoder = IntPtr.Zero;
        try
        {
            if (RandomAccess.Read(_file, buffer.AsSpan(start, (int)count), offset) != count || buffer[start] != 0xFF || buffer[start + 1] != 0xD8)
            {
                return false;
            }

            prefix?.CopyTo(buffer, 0);
            decoder = RentDecoder();
            if (decoder == IntPtr.Zero)
            {
                return false;
            }

            fixed (byte* jpeg = buffer, output = pixels)
            {
                if (TurboJpegNative.tjDecompressHeader3(decoder, jpeg, (nuint)total, out var w, out var h, out var subsampling, out var colorspace) != 0
                    || w != image.TileWidth
                    || h != image.TileHeight)
                {
                    return false;
                }

                // libtiff has libjpeg convert YCbCr to RGB for photometric YCbCr, and passes the coded
                // components through untouched for photometric RGB, whatever the stream's markers suggest.
                return image.Photometric switch
                {
                    TiffTiledImage.PhotometricYCbCr when colorspace == TurboJpegNative.ColorspaceYCbCr =>
                        TurboJpegNative.tjDecompress2(decoder, jpeg, (nuint)total, output, w, w * 3, h, TurboJpegNative.PixelFormatRgb, 0) == 0,
                    TiffTiledImage.PhotometricRgb when subsampling == TurboJpegNative.Subsampling444 && colorspace is TurboJpegNative.ColorspaceRgb or TurboJpegNative.ColorspaceYCbCr =>
                        DecodeComponents(decoder, jpeg, total, output, w, h),
                    _ => false,
                };
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException)
        {
            // Closed while reading, or an I/O error: OpenSlide reads the region (and reports the error).
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ReturnDecoder(decoder);
        }
    }

    /// <summary>
    /// Decodes the three full-resolution components without colour conversion (libjpeg's raw-data
    /// path, the same inverse DCT) and interleaves them: R, G, B as coded.
    /// </summary>
    private static bool DecodeComponents(IntPtr decoder, byte* jpeg, int length, byte* output, int width, int height)
    {
        var plane = width * height;
        var planes = ArrayPool<byte>.Shared.Rent(plane * 3);
        try
        {
            fixed (byte* p = planes)
            {
                var pointers = stackalloc byte*[3] { p, p + plane, p + (2 * plane) };
                var strides = stackalloc int[3] { width, width, width };
                if (TurboJpegNative.tjDecompressToYUVPlanes(decoder, jpeg, (nuint)length, pointers, width, strides, height, 0) != 0)
                {
                    return false;
                }

                for (var i = 0; i < plane; i++)
                {
                    output[3 * i] = p[i];
                    output[(3 * i) + 1] = p[plane + i];
                    output[(3 * i) + 2] = p[(2 * plane) + i];
                }

                return true;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(planes);
        }
    }

    private IntPtr RentDecoder() => _decoders.TryTake(out var handle) ? handle : TurboJpegNative.tjInitDecompress();

    private void ReturnDecoder(IntPtr handle)
    {
        if (handle == IntPtr.Zero)
        {
            return;
        }

        if (_disposed)
        {
            _ = TurboJpegNative.tjDestroy(handle);
            return;
        }

        _decoders.Add(handle);
        if (_disposed && _decoders.TryTake(out var late))
        {
            _ = TurboJpegNative.tjDestroy(late);
        }
    }
}
