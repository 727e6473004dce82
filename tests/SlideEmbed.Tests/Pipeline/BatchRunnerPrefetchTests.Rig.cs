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

/// <content>The batch run under test, built from the real job, pipeline and slide run with in-memory slides and sinks.</content>
public sealed partial class BatchRunnerPrefetchTests
{
    private sealed class Rig
    {
        private readonly string _folder;
        private readonly BatchRunner _runner;
        private readonly MarkedOpener _opener;

        private Rig(string folder, BatchRunner runner, MarkedOpener opener, MemorySinks sinks)
        {
            _folder = folder;
            _runner = runner;
            _opener = opener;
            Sinks = sinks;
        }

        public MemorySinks Sinks { get; }

        public bool SlowGuardFired => _opener.SlowGuardFired;

        // Slide i is uniformly (128, 40 (i + 1), 128): the encoder reads the slide from the green channel.
        public static byte GreenByte(int slide) => (byte)(40 * (slide + 1));

        // The green channel after ToTensor and the ImageNet normalisation of tiny-f32.json.
        public static float Green(int slide) => ((GreenByte(slide) / 255f) - 0.456f) / 0.224f;

        public static int SlideOf(float normalisedGreen) => (int)Math.Round(((normalisedGreen * 0.224) + 0.456) * 255 / 40) - 1;

        public static Rig Create(string folder, EventLog log, ITileEncoder encoder, int slidesAhead, int badSlide = -1, int slowSlide = -1, TimeSpan? nextSlideAfter = null)
        {
            var manifest = ModelManifest.Load(Path.Combine(TestAssets.RepoRoot, "tests", "models", "tiny-f32.json"));
            var opener = new MarkedOpener(log, badSlide, slowSlide);
            var sinks = new MemorySinks();
            var pipeline = new TileEmbeddingPipeline(opener, new TilePreprocessor(manifest.Transform), [encoder], new EmbeddingPipelineOptions { BatchSize = 2, Readers = 2 });
            var job = new SlideEmbeddingJob(opener, TissueDetectorFactory.Create("none"), manifest, pipeline, sinks, new JobTilingOptions());
            var run = new SlideRun(job, sinks, null, MppOverrides.Create(null, null));
            return new Rig(folder, new BatchRunner(run, new BatchRunnerOptions { SlidesAhead = slidesAhead, Activity = pipeline.Activity, NextSlideAfter = nextSlideAfter ?? TimeSpan.FromSeconds(1) }), opener, sinks);
        }

        public async Task<RunReport> RunAsync(int count)
        {
            var slidesDir = Directory.CreateDirectory(Path.Combine(_folder, "slides")).FullName;
            var slides = Enumerable.Range(0, count).Select(i =>
            {
                var path = Path.Combine(slidesDir, $"slide-{i}.svs");
                File.WriteAllBytes(path, [(byte)i, 1, 2, 3]);
                return new SlideInput(path);
            }).ToList();
            var report = new RunReport { StartedUtc = DateTimeOffset.UtcNow, Model = "tiny-f32", Settings = new Dictionary<string, string?>() };
            await _runner.RunAsync(slides, [], Path.Combine(_folder, "out"), report, force: false, dryRun: false, progress: null, TestContext.Current.CancellationToken);
            return report;
        }
    }

    /// <summary>Opens slide-&lt;i&gt;.svs as slide i: 1024 x 512 at 0.5 um/px, one colour.</summary>
    private sealed class MarkedOpener(EventLog log, int badSlide, int slowSlide) : ISlideOpener
    {
        public bool SlowGuardFired { get; private set; }

        public string? DetectVendor(string path) => "in-memory";

        public ISlideSource Open(string path)
        {
            var slide = int.Parse(Path.GetFileNameWithoutExtension(path)["slide-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var color = new RgbColor(128, Rig.GreenByte(slide), 128);
            var inner = new InMemorySlide(1024, 512, [1, 4], (_, _) => color, new Dictionary<string, string> { ["openslide.mpp-x"] = "0.5", ["openslide.mpp-y"] = "0.5" });
            return new MarkedSlide(inner, path, slide, this, log);
        }

        private sealed class MarkedSlide(InMemorySlide inner, string path, int slide, MarkedOpener owner, EventLog log) : ISlideSource
        {
            public string Path => path;

            public string Vendor => inner.Vendor;

            public IReadOnlyList<SlideEmbed.Geometry.SlideLevel> Levels => inner.Levels;

            public IReadOnlyDictionary<string, string> Properties => inner.Properties;

            public IReadOnlyList<AssociatedImageInfo> AssociatedImages => inner.AssociatedImages;

            public RgbColor BackgroundColor => inner.BackgroundColor;

            public void ReadRegion(long x, long y, int level, int width, int height, Span<byte> destination)
            {
                // Tile reads only (256 px at level 0); the detection image comes from level 1.
                if (level == 0 && width == 256 && height == 256)
                {
                    log.Add($"read {slide}");
                    if (slide == owner._slowSlide && !log.First("encoded 2").Wait(s_guard, TestContext.Current.CancellationToken))
                    {
                        owner.SlowGuardFired = true;
                    }

                    if (slide == owner._badSlide)
                    {
                        throw new SlideReadException(path, "read failed", "corrupt tile");
                    }
                }

                inner.ReadRegion(x, y, level, width, height, destination);
            }

            public RgbImage ReadAssociatedImage(string name) => inner.ReadAssociatedImage(name);

            public void Dispose() => inner.Dispose();
        }

        private readonly int _badSlide = badSlide;
        private readonly int _slowSlide = slowSlide;
    }

    /// <summary>Tile files kept in memory, visible once committed; resume never finds one.</summary>
    private sealed class MemorySinks : ITileSinkFactory
    {
        private readonly ConcurrentDictionary<string, List<(Tile Tile, float[] Embedding)>> _files = new();

        public string Suffix => ".tiles.test";

        public string Format => "memory";

        public List<(Tile Tile, float[] Embedding)> Rows(string slideId) => TryRows(slideId) ?? throw new InvalidOperationException($"no tile file for {slideId}");

        public List<(Tile Tile, float[] Embedding)>? TryRows(string slideId) => _files.TryGetValue(slideId, out var rows) ? rows : null;

        public ICommittableTileSink Create(string path, string slideId, TileGrid grid, int dimension, ModelPrecision precision, IReadOnlyDictionary<string, string> metadata) =>
            new Sink(rows => _files[slideId] = rows);

        public IReadOnlyDictionary<string, string>? TryReadMetadata(string path) => null;

        private sealed class Sink(Action<List<(Tile Tile, float[] Embedding)>> commit) : ICommittableTileSink
        {
            private readonly List<(Tile Tile, float[] Embedding)> _rows = [];

            public void Add(Tile tile, ReadOnlySpan<float> embedding, string? readError) => _rows.Add((tile, embedding.ToArray()));

            public void Commit() => commit(_rows);

            public void Dispose()
            {
            }
        }
    }
}
