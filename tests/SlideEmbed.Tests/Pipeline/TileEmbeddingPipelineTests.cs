using SlideEmbed.Encoders;
using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Models;
using SlideEmbed.Pipeline;
using SlideEmbed.Preprocessing;
using SlideEmbed.Slides;
using SlideEmbed.TestSupport;
using SlideEmbed.Tiling;

namespace SlideEmbed.Tests.Pipeline;

public sealed class TileEmbeddingPipelineTests
{
    // Pixel value encodes the level-0 tile position so each embedding can be checked against its tile.
    private static RgbColor Color(long x, long y) => new((byte)(x / 64 % 256), (byte)(y / 64 % 256), 7);

    private static TileGrid Grid(int tiles) => TileGridPlanner.Plan(
        [new SlideLevel(0, 64L * tiles, 64, 1)], MicronsPerPixel.Isotropic(0.5), null, 1,
        new TilingOptions { TargetMpp = MicronsPerPixel.Isotropic(0.5), EdgeAtTargetPx = 64, MinTissueFraction = 0 });

    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(37, 8, 3, 1)]
    [InlineData(64, 4, 2, 2)]
    [InlineData(5, 32, 4, 3)]
    public async Task RunAsync_AllTiles_EmbeddedInOrderWithPartialLastBatch(int tiles, int batchSize, int readers, int encoders)
    {
        var grid = Grid(tiles);
        using var slide = new InMemorySlide(64L * tiles, 64, [1], Color);
        var encs = Enumerable.Range(0, encoders).Select(_ => new MeanEncoder { DelayMs = encoders > 1 ? 20 : 0 }).ToList();
        var pipeline = new TileEmbeddingPipeline(new StaticOpener(slide), new TilePreprocessor(new TileTransform { Mean = [0, 0, 0], Std = [1, 1, 1] }), encs,
            new EmbeddingPipelineOptions { BatchSize = batchSize, Readers = readers });
        var sink = new ListSink();

        var (embedded, failed) = await pipeline.RunAsync(slide, grid, sink, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((tiles, 0), (embedded, failed));
        Assert.Equal(Enumerable.Range(0, tiles), sink.Rows.Select(r => r.Tile.Index));
        foreach (var (tile, embedding, _) in sink.Rows)
        {
            // Red channel mean = tile x / 64, scaled to [0, 1] by ToTensor.
            Assert.Equal(tile.X / 64 % 256 / 255f, embedding![0], 4);
        }

        Assert.Equal(tiles, encs.Sum(e => e.Tiles));
        Assert.Equal(encs.Select(e => (long)e.Tiles), pipeline.Activity.Devices().Select(d => d.Tiles));
        Assert.All(pipeline.Activity.Devices(), d => Assert.Equal("fake", d.Device));
        Assert.All(encs, e => Assert.True(e.LargestBatch <= batchSize));
        if (encoders > 1 && tiles >= 4 * batchSize)
        {
            Assert.All(encs, e => Assert.True(e.Tiles > 0, "every device takes a share of the work"));
        }
    }

    [Fact]
    public async Task RunAsync_UnreadableTile_RecordedWithReasonOthersStillEmbedded()
    {
        var grid = Grid(40);
        using var slide = new StickyFailingSlide(new InMemorySlide(64L * 40, 64, [1], Color), badX: 64L * 13);
        var pipeline = new TileEmbeddingPipeline(new StaticOpener(slide), new TilePreprocessor(new TileTransform()), [new MeanEncoder()],
            new EmbeddingPipelineOptions { BatchSize = 4, Readers = 3, MaxFailedTileFraction = 0.1 });
        var sink = new ListSink();

        var (embedded, failed) = await pipeline.RunAsync(slide, grid, sink, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((39, 1), (embedded, failed));
        var bad = sink.Rows[13];
        Assert.Null(bad.Embedding);
        Assert.Contains("corrupt tile", bad.Error, StringComparison.Ordinal);
        Assert.All(sink.Rows.Where(r => r.Tile.Index != 13), r => Assert.NotNull(r.Embedding));
    }

    [Fact]
    public async Task RunAsync_TooManyFailures_SlideFails()
    {
        var grid = Grid(10);
        using var slide = new StickyFailingSlide(new InMemorySlide(640, 64, [1], Color), badX: 64L * 2);
        var pipeline = new TileEmbeddingPipeline(new StaticOpener(slide), new TilePreprocessor(new TileTransform()), [new MeanEncoder()],
            new EmbeddingPipelineOptions { BatchSize = 4, Readers = 2, MaxFailedTileFraction = 0.05 });

        var e = await Assert.ThrowsAsync<TooManyFailedTilesException>(() => pipeline.RunAsync(slide, grid, new ListSink(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("1 of 10 tiles", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsAllStages()
    {
        var grid = Grid(500);
        using var slide = new InMemorySlide(64L * 500, 64, [1], Color);
        var pipeline = new TileEmbeddingPipeline(new StaticOpener(slide), new TilePreprocessor(new TileTransform()), [new MeanEncoder { DelayMs = 5 }],
            new EmbeddingPipelineOptions { BatchSize = 4, Readers = 2 });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.RunAsync(slide, grid, new ListSink(), cancellationToken: cts.Token));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task RunAsync_ManyReopens_RetiredHandlesClosedOnceUnusedAndNeverReadAfterClosing(int readers)
    {
        // Every tenth tile is bad: 20 reopens over the slide.
        var grid = Grid(200);
        using var inner = new InMemorySlide(64L * 200, 64, [1], Color);
        var opener = new CountingOpener(inner, badEvery: 10);
        using var slide = opener.Open(inner.Path);
        var pipeline = new TileEmbeddingPipeline(opener, new TilePreprocessor(new TileTransform()), [new MeanEncoder()],
            new EmbeddingPipelineOptions { BatchSize = 4, Readers = readers, MaxFailedTileFraction = 0.2 });
        var sink = new ListSink();

        var (embedded, failed) = await pipeline.RunAsync(slide, grid, sink, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((180, 20), (embedded, failed));
        Assert.True(opener.Opened >= 21, $"{opener.Opened} handles opened");

        // Open at once: the caller's initial handle, the current one, and at most one retired per reader.
        Assert.InRange(opener.MostOpen, 2, 2 + readers);
        Assert.Equal(0, opener.ReadsOnClosedHandles);
        Assert.Equal(1, opener.OpenNow); // only the caller's handle is left
    }

    [Theory]
    [InlineData("cpu", true, 1)]
    [InlineData("cpu", false, 2)]
    [InlineData("cuda:0", true, 2)]
    public async Task RunAsync_TwoPipelinesSharingOneCoreSlot_CpuEncodersTakeTurns(string device, bool share, int mostAtOnce)
    {
        using var dir = new TempFolder();
        var ct = TestContext.Current.CancellationToken;
        var meter = new ConcurrencyMeter();

        // Two pipelines stand for two processes: their slots are separate objects over the same lock files.
        async Task<int> RunOne()
        {
            using var slide = new InMemorySlide(64L * 128, 64, [1], Color);
            var slots = share ? new HostCoreSlots(dir, "0", 1) { PollInterval = TimeSpan.FromMilliseconds(5) } : null;
            var pipeline = new TileEmbeddingPipeline(new StaticOpener(slide), new TilePreprocessor(new TileTransform()), [new MeanEncoder { DelayMs = 30, Device = device, Meter = meter }],
                new EmbeddingPipelineOptions { BatchSize = 8, Readers = 2, CpuSlots = slots });
            var (embedded, _) = await pipeline.RunAsync(slide, Grid(128), new ListSink(), cancellationToken: ct);
            return embedded;
        }

        var embedded = await Task.WhenAll(Task.Run(RunOne, ct), Task.Run(RunOne, ct));

        Assert.Equal([128, 128], embedded);
        Assert.Equal(mostAtOnce, meter.Most);
    }

    private sealed class ConcurrencyMeter
    {
        private int _now;
        private int _most;

        public int Most => Volatile.Read(ref _most);

        public void Enter()
        {
            var now = Interlocked.Increment(ref _now);
            int most;
            while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most)
            {
            }
        }

        public void Exit() => Interlocked.Decrement(ref _now);
    }

    private sealed class MeanEncoder : ITileEncoder
    {
        private int _tiles;

        public int DelayMs { get; init; }

        public int Tiles => _tiles;

        public int LargestBatch { get; private set; }

        public string Device { get; init; } = "fake";

        public ConcurrencyMeter? Meter { get; init; }

        public int Dimension => 3;

        public int InputSize => 64;

        public ModelPrecision Precision => ModelPrecision.Fp32;

        public void Encode(EncoderBatch batch, Span<float> embeddings)
        {
            Meter?.Enter();
            Thread.Sleep(DelayMs);
            Meter?.Exit();
            LargestBatch = Math.Max(LargestBatch, batch.Count);
            Interlocked.Add(ref _tiles, batch.Count);
            var plane = 64 * 64;
            for (var i = 0; i < batch.Count; i++)
            {
                var slot = batch.FloatSlot(i);
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0f;
                    foreach (var v in slot.Slice(c * plane, plane))
                    {
                        sum += v;
                    }

                    embeddings[(i * 3) + c] = sum / plane;
                }
            }
        }

        public void Dispose()
        {
        }
    }

    private sealed class ListSink : ITileEmbeddingSink
    {
        public List<(Tile Tile, float[]? Embedding, string? Error)> Rows { get; } = [];

        public void Add(Tile tile, ReadOnlySpan<float> embedding, string? readError) =>
            Rows.Add((tile, readError is null ? embedding.ToArray() : null, readError));
    }

    private sealed class StaticOpener(ISlideSource slide) : ISlideOpener
    {
        public string? DetectVendor(string path) => slide.Vendor;

        public ISlideSource Open(string path) => slide is StickyFailingSlide s ? s.Reopen() : slide;
    }

    /// <summary>Opens <see cref="StickyFailingSlide"/> handles failing on every n-th tile and counts how many are open.</summary>
    private sealed class CountingOpener(InMemorySlide inner, int badEvery) : ISlideOpener
    {
        private int _open;
        private int _mostOpen;
        private int _opened;
        private int _readsOnClosed;

        public int OpenNow => Volatile.Read(ref _open);

        public int MostOpen => Volatile.Read(ref _mostOpen);

        public int Opened => Volatile.Read(ref _opened);

        public int ReadsOnClosedHandles => Volatile.Read(ref _readsOnClosed);

        public string? DetectVendor(string path) => inner.Vendor;

        ISlideSource ISlideOpener.Open(string path) => Open(path);

        public StickyFailingSlide Open(string path)
        {
            Interlocked.Increment(ref _opened);
            var now = Interlocked.Increment(ref _open);
            int most;
            while (now > (most = Volatile.Read(ref _mostOpen)) && Interlocked.CompareExchange(ref _mostOpen, now, most) != most)
            {
            }

            return new StickyFailingSlide(inner, -1, badEvery)
            {
                Closed = () => Interlocked.Decrement(ref _open),
                ReadWhileClosed = () => Interlocked.Increment(ref _readsOnClosed),
            };
        }
    }

    /// <summary>Fails on one tile and then, like OpenSlide, on every read until reopened.</summary>
    private sealed class StickyFailingSlide(InMemorySlide inner, long badX, int badEvery = 0) : ISlideSource
    {
        private volatile bool _dead;
        private volatile bool _closed;

        public Action? Closed { get; init; }

        public Action? ReadWhileClosed { get; init; }

        public string Path => inner.Path;

        public string Vendor => inner.Vendor;

        public IReadOnlyList<SlideLevel> Levels => inner.Levels;

        public IReadOnlyDictionary<string, string> Properties => inner.Properties;

        public IReadOnlyList<AssociatedImageInfo> AssociatedImages => inner.AssociatedImages;

        public RgbColor BackgroundColor => inner.BackgroundColor;

        public StickyFailingSlide Reopen() => new(inner, badX, badEvery);

        public void ReadRegion(long x, long y, int level, int width, int height, Span<byte> destination)
        {
            if (_closed)
            {
                ReadWhileClosed?.Invoke();
            }

            if (_dead || x == badX || (badEvery > 0 && x / 64 % badEvery == badEvery - 1))
            {
                _dead = true;
                throw new SlideReadException(Path, "read failed", "corrupt tile");
            }

            inner.ReadRegion(x, y, level, width, height, destination);
        }

        public RgbImage ReadAssociatedImage(string name) => inner.ReadAssociatedImage(name);

        public void Dispose()
        {
            if (!_closed)
            {
                _closed = true;
                Closed?.Invoke();
            }
        }
    }
}
