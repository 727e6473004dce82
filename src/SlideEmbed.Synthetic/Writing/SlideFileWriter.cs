using System.Collections.Concurrent;
using BitMiracle.LibTiff.Classic;
using SlideEmbed.Geometry;
using SlideEmbed.Slides;

namespace SlideEmbed.Synthetic.Writing;

/// <summary>
/// Writes one synthetic slide into one (temporary) file. Not thread-safe; internally renders and
/// compresses tiles on several threads and writes them in order, one tile row at a time, so the
/// memory in use is a row of compressed tiles plus one tile of pixels per thread.
/// </summary>
internal sealed partial class SlideFileWriter : IDisposable
{
    /// <summary>A classic TIFF holds 32-bit offsets; stop well before, leaving room for the directories.</summary>
    private const long ClassicTiffLimit = uint.MaxValue - (64L << 20);

    private readonly SyntheticSlideSpec _spec;
    private readonly SyntheticScene _scene;
    private readonly IReadOnlyList<SlideLevel> _levels;
    private readonly string _tempPath;
    private readonly FileStream _file;
    private readonly Tiff _tiff;
    private readonly ConcurrentBag<TileEncoder> _idleEncoders = [];
    private readonly ConcurrentQueue<TileEncoder> _allEncoders = new();
    private readonly IProgress<double>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly ParallelOptions _parallelOptions;
    private readonly long _totalWork;
    private long _doneWork;
    private EncodedTile _backgroundTile;
    private byte[]? _jpegTables;
    private bool _closed;

    public SlideFileWriter(string tempPath, SyntheticSlideSpec spec, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        _tempPath = tempPath;
        _spec = spec;
        _scene = spec.CreateScene();
        _levels = spec.ComputeLevels();
        _progress = progress;
        _cancellationToken = cancellationToken;

        // Never more workers than processors: under load the thread pool would otherwise add threads
        // (and encoders) that only time-slice the same cores.
        _parallelOptions = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = spec.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : spec.MaxDegreeOfParallelism,
        };
        BigTiff = spec.BigTiff ?? UncompressedBytes(spec, _levels) > ClassicTiffLimit;
        _totalWork = _levels.Sum(l => TilesAcross(l) * TilesDown(l)) + (spec.IncludeThumbnail ? 1 : 0) + (spec.IncludeLabel ? 1 : 0) + (spec.IncludeMacro ? 1 : 0);
        _file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        try
        {
            _tiff = Tiff.ClientOpen(tempPath, BigTiff ? "w8" : "w", _file, new TiffStream())
                ?? throw new IOException($"LibTiff.NET could not start a TIFF in '{tempPath}'.");
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    public bool BigTiff { get; }

    /// <summary>Writes every directory and closes the file.</summary>
    /// <param name="finalPath">The path the caller will move the file to, reported in the result.</param>
    /// <returns>What was written.</returns>
    public SyntheticSlideInfo Run(string finalPath)
    {
        var associated = new List<AssociatedImageInfo>();
        PrepareBackgroundTile();
        foreach (var directory in PlannedDirectory.For(_spec, _levels))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (directory.Level is { } level)
            {
                WriteLevel(level);
            }
            else
            {
                associated.Add(WriteAssociated(directory.Associated!.Value));
            }
        }

        _tiff.Close();
        _closed = true;
        _progress?.Report(1);
        return new SyntheticSlideInfo(finalPath, _spec.Style, _spec.Compression, _spec.TileSize, _levels, _levels.Select(l => _spec.TileSizeFor(l)).ToList().AsReadOnly(), associated, BigTiff, new FileInfo(_tempPath).Length);
    }

    public void Dispose()
    {
        foreach (var encoder in _allEncoders)
        {
            encoder.Dispose();
        }

        _backgroundTile.Release();

        // On failure the half-written Tiff is dropped without flushing (it holds no native resources);
        // the caller deletes the temporary file.
        if (!_closed)
        {
            _file.Dispose();
        }
    }

    internal static long UncompressedBytes(SyntheticSlideSpec spec, IReadOnlyList<SlideLevel> levels)
    {
        long tile = (long)spec.TileSize * spec.TileSize * 3;
        return levels.Sum(l => TilesAcross(l, spec.TileSize) * TilesDown(l, spec.TileSize) * tile) + (spec.IncludeThumbnail ? 2L << 20 : 0) + (spec.IncludeMacro ? 2L << 20 : 0) + (spec.IncludeLabel ? 1L << 20 : 0);
    }

    private static long TilesAcross(SlideLevel level, int tileSize) => SyntheticSlideSpec.CeilDiv(level.Width, tileSize);

    private static long TilesDown(SlideLevel level, int tileSize) => SyntheticSlideSpec.CeilDiv(level.Height, tileSize);

    private long TilesAcross(SlideLevel level) => TilesAcross(level, _spec.TileSizeFor(level));

    private long TilesDown(SlideLevel level) => TilesDown(level, _spec.TileSizeFor(level));

    private void AddProgress(long work)
    {
        _doneWork += work;
        _progress?.Report(Math.Min(1, _doneWork / (double)_totalWork));
    }

    private void CheckClassicLimit()
    {
        if (!BigTiff && _file.Length > ClassicTiffLimit)
        {
            throw new InvalidOperationException(
                $"The slide outgrew what a classic TIFF can address ({_file.Length} bytes so far); set {nameof(SyntheticSlideSpec)}.{nameof(SyntheticSlideSpec.BigTiff)} = true.");
        }
    }
}
