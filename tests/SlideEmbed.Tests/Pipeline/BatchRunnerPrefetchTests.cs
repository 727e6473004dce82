using System.Collections.Concurrent;
using SlideEmbed.Encoders;
using SlideEmbed.Imaging;
using SlideEmbed.Models;
using SlideEmbed.Pipeline;
using SlideEmbed.Preprocessing;
using SlideEmbed.Slides;
using SlideEmbed.TestSupport;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Pipeline;

/// <summary>
/// Cross-slide prefetch, instrumented with one event log: tile reads of each slide (from the slide
/// sources) and batch encodes (from a fake encoder that tells slides apart by their colour).
/// </summary>
public sealed partial class BatchRunnerPrefetchTests
{
    // 1024 x 512 at 0.5 um/px with the tiny-f32 manifest (256 px tiles at 0.5 um/px, no tissue detection): 8 tiles a slide.
    private const int TilesPerSlide = 8;

    // Long enough never to fire on a working run; it turns a missing overlap into a failed assertion instead of a hang.
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_PrefetchOn_NextSlideReadsBeforeCurrentSlideEncodingEnds()
    {
        using var folder = new TempFolder();
        var log = new EventLog();
        // The encoder holds slide 0's first batch until slide 1 has read a tile: with prefetch that happens
        // at once; one slide at a time it never would, and the guard lets the run finish with the wrong order.
        var encoder = new MarkerEncoder(log) { HoldSlide = 0, Until = log.FirstTileRead(1) };
        var run = Rig.Create(folder, log, encoder, slidesAhead: 1);

        var report = await run.RunAsync(3);

        Assert.All(report.Slides, s => Assert.Equal(SlideStatus.Done, s.Status));
        Assert.False(encoder.GuardFired, "slide 1 did not read while slide 0 was being encoded");
        Assert.True(log.IndexOf("read 1") < log.LastIndexOf("encoded 0"), string.Join(", ", log.Events));
        Assert.NotNull(report.Encoder);
        Assert.Equal(3 * TilesPerSlide / 2, report.Encoder.Batches);
        Assert.InRange(report.Encoder.IdleFraction, 0, 1);
    }

    [Fact]
    public async Task RunAsync_PrefetchOff_NextSlideReadsOnlyAfterCurrentSlideEncoded()
    {
        using var folder = new TempFolder();
        var log = new EventLog();
        var run = Rig.Create(folder, log, new MarkerEncoder(log), slidesAhead: 0);

        var report = await run.RunAsync(3);

        Assert.All(report.Slides, s => Assert.Equal(SlideStatus.Done, s.Status));
        Assert.True(log.IndexOf("read 1") > log.LastIndexOf("encoded 0"), string.Join(", ", log.Events));
        Assert.True(log.IndexOf("read 2") > log.LastIndexOf("encoded 1"), string.Join(", ", log.Events));
    }

    [Fact]
    public async Task RunAsync_PrefetchOn_EmbeddingsAndReportsSameAsOneSlideAtATime()
    {
        using var before = new TempFolder();
        using var after = new TempFolder();
        var sequential = Rig.Create(before, new EventLog(), new MarkerEncoder(new EventLog()), slidesAhead: 0);
        var prefetched = Rig.Create(after, new EventLog(), new MarkerEncoder(new EventLog()), slidesAhead: 2);

        var a = await sequential.RunAsync(4);
        var b = await prefetched.RunAsync(4);

        Assert.Equal(a.Slides.Select(s => (s.SlideId, s.Status, s.Tiles, s.FailedTiles)), b.Slides.Select(s => (s.SlideId, s.Status, s.Tiles, s.FailedTiles)));
        Assert.Equal(a.Slides.Select(s => Path.GetFileName(s.Path)), b.Slides.Select(s => Path.GetFileName(s.Path)));
        foreach (var id in a.Slides.Select(s => s.SlideId!))
        {
            var rowsA = sequential.Sinks.Rows(id);
            var rowsB = prefetched.Sinks.Rows(id);
            Assert.Equal(TilesPerSlide, rowsA.Count);
            Assert.Equal(rowsA.Select(r => r.Tile), rowsB.Select(r => r.Tile));
            Assert.Equal(rowsA.SelectMany(r => r.Embedding), rowsB.SelectMany(r => r.Embedding));
        }
    }

    [Fact]
    public async Task RunAsync_PrefetchOn_SlideStartsOnceThePreviousHasABatchReady()
    {
        using var folder = new TempFolder();
        var log = new EventLog();
        // Batches of 2 tiles: a slide read ahead starts only when the slide before it has read a whole batch,
        // however many slides ahead are allowed (the fallback wait is far longer than the run).
        var run = Rig.Create(folder, log, new MarkerEncoder(log), slidesAhead: 2, nextSlideAfter: s_guard);

        var report = await run.RunAsync(3);

        Assert.All(report.Slides, s => Assert.Equal(SlideStatus.Done, s.Status));
        var events = log.Events;
        for (var slide = 1; slide < 3; slide++)
        {
            var first = log.IndexOf($"read {slide}");
            var before = events.Take(first).Count(e => e == $"read {slide - 1}");
            Assert.True(before >= 2, $"slide {slide} started after {before} tiles of slide {slide - 1}: {string.Join(", ", events)}");
        }
    }

    [Fact]
    public async Task RunAsync_NextSlideFailsWhileCurrentEncodes_OnlyThatSlideFails()
    {
        using var folder = new TempFolder();
        var log = new EventLog();
        // Slide 1's tile reads all fail, and slide 0's encoding waits until the first has failed.
        var encoder = new MarkerEncoder(log) { HoldSlide = 0, Until = log.FirstTileRead(1) };
        var run = Rig.Create(folder, log, encoder, slidesAhead: 1, badSlide: 1);

        var report = await run.RunAsync(3);

        Assert.False(encoder.GuardFired);
        Assert.Equal([SlideStatus.Done, SlideStatus.Failed, SlideStatus.Done], report.Slides.Select(s => s.Status));
        Assert.Equal("too-many-failed-tiles", report.Slides[1].ErrorKind);
        Assert.Equal([TilesPerSlide, TilesPerSlide], new[] { report.Slides[0].Tiles, report.Slides[2].Tiles });
        Assert.All(run.Sinks.Rows(report.Slides[0].SlideId!), r => Assert.Equal(Rig.Green(0), r.Embedding[1], 3));
        Assert.Null(run.Sinks.TryRows(report.Slides[1].SlideId!));
        Assert.DoesNotContain("encoded 1", log.Events);
    }

    [Fact]
    public async Task RunAsync_SlowSlide_EncoderServesTheSlideAfterIt()
    {
        using var folder = new TempFolder();
        var log = new EventLog();
        // Slide 1's tile reads wait until slide 2 has been encoded: slide 2 starts once slide 1 has been
        // starting for a second, and the encoder must not wait for slide 1.
        var run = Rig.Create(folder, log, new MarkerEncoder(log), slidesAhead: 2, slowSlide: 1);

        var report = await run.RunAsync(3);

        Assert.All(report.Slides, s => Assert.Equal(SlideStatus.Done, s.Status));
        Assert.False(run.SlowGuardFired, "the encoder waited for the slow slide");
        Assert.True(log.IndexOf("encoded 2") < log.IndexOf("encoded 1"), string.Join(", ", log.Events));
        Assert.Equal(report.Slides.Select(s => s.SlideId), report.Slides.OrderBy(s => s.Path, StringComparer.Ordinal).Select(s => s.SlideId));
    }

    /// <summary>Events in the order they happened, with waits for the first event of a kind.</summary>
    private sealed class EventLog
    {
        private readonly ConcurrentQueue<string> _events = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _seen = new();

        public IReadOnlyList<string> Events => [.. _events];

        public void Add(string e)
        {
            _events.Enqueue(e);
            Signal(e).TrySetResult();
        }

        public Task FirstTileRead(int slide) => Signal($"read {slide}").Task;

        public Task First(string e) => Signal(e).Task;

        public int IndexOf(string e) => Events.ToList().IndexOf(e) is var i and >= 0 ? i : throw new InvalidOperationException($"no '{e}' in {string.Join(", ", Events)}");

        public int LastIndexOf(string e) => Events.ToList().LastIndexOf(e) is var i and >= 0 ? i : throw new InvalidOperationException($"no '{e}' in {string.Join(", ", Events)}");

        private TaskCompletionSource Signal(string e) => _seen.GetOrAdd(e, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>Embeds a tile as its three channel means and logs each batch as "encoded &lt;slide&gt;" (the slide read from the green channel).</summary>
    private sealed class MarkerEncoder(EventLog log) : ITileEncoder
    {
        public int HoldSlide { get; init; } = -1;

        public Task? Until { get; init; }

        public bool GuardFired { get; private set; }

        public string Device => "fake";

        public int Dimension => 32;

        public int InputSize => 224;

        public ModelPrecision Precision => ModelPrecision.Fp32;

        public void Encode(EncoderBatch batch, Span<float> embeddings)
        {
            var plane = 224 * 224;
            var slide = Rig.SlideOf(batch.FloatSlot(0)[plane + (112 * 224) + 112]);
            if (slide == HoldSlide && Until is not null && !Until.Wait(s_guard, TestContext.Current.CancellationToken))
            {
                GuardFired = true;
            }

            embeddings[..(batch.Count * Dimension)].Clear();
            for (var i = 0; i < batch.Count; i++)
            {
                var slot = batch.FloatSlot(i);
                for (var c = 0; c < 3; c++)
                {
                    embeddings[(i * Dimension) + c] = System.Numerics.Tensors.TensorPrimitives.Sum(slot.Slice(c * plane, plane)) / plane;
                }
            }

            log.Add($"encoded {slide}");
        }

        public void Dispose()
        {
        }
    }
}
