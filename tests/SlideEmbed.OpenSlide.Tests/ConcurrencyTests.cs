using SlideEmbed.TestSupport;

namespace SlideEmbed.OpenSlide.Tests;

public sealed class ConcurrencyTests
{
    private sealed record Region(long X, long Y, int Level, int Width, int Height);

    [Fact]
    public void ReadRegion_EightThreadsRandomRegions_SamePixelsAsOneThread()
    {
        var path = TestAssets.SharedSlide("CMU-1-Small-Region.svs");
        using var slide = new OpenSlideOpener().Open(path);
        var random = new Random(1234);
        var regions = Enumerable.Range(0, 96)
            .Select(_ => new Region(random.Next(-100, 2200), random.Next(-100, 2950), 0, random.Next(1, 200), random.Next(1, 200)))
            .ToArray();
        var expected = regions.Select(r => Read(slide, r)).ToArray();

        var actual = new byte[regions.Length][];
        Parallel.For(0, regions.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var k = i % regions.Length;
            var pixels = Read(slide, regions[k]);
            Assert.Equal(expected[k], pixels);
            actual[k] = pixels;
        });

        Assert.All(actual, Assert.NotNull);
    }

    [Fact]
    public void Dispose_WhileReadsInFlight_NeitherCrashesNorCorruptsCompletedReads()
    {
        var path = TestAssets.SharedSlide("TCGA-CR-7395-01A-01-TS1.svs");
        for (var round = 0; round < 5; round++)
        {
            var slide = new OpenSlideOpener().Open(path);
            var reference = Read(slide, new Region(1000, 1000, 0, 128, 128));
            using var start = new Barrier(9);
            var completed = 0;
            var disposedSeen = 0;
            var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 200; i++)
                {
                    try
                    {
                        var pixels = Read(slide, new Region(1000, 1000, 0, 128, 128));
                        Assert.Equal(reference, pixels);
                        Interlocked.Increment(ref completed);
                    }
                    catch (ObjectDisposedException)
                    {
                        Interlocked.Increment(ref disposedSeen);
                        return;
                    }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            start.SignalAndWait();
            Thread.Sleep(5 * (round + 1));
            slide.Dispose();
            threads.ForEach(t => t.Join());

            Assert.True(completed + disposedSeen > 0);
            Assert.Throws<ObjectDisposedException>(() => Read(slide, new Region(0, 0, 0, 1, 1)));
            slide.Dispose(); // idempotent
        }
    }

    private static byte[] Read(SlideEmbed.Slides.ISlideSource slide, Region r)
    {
        var buffer = new byte[r.Width * r.Height * 3];
        slide.ReadRegion(r.X, r.Y, r.Level, r.Width, r.Height, buffer);
        return buffer;
    }
}
