using SlideEmbed.Slides;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Slides;

public sealed class SlideShardsTests
{
    [Fact]
    public void Assign_KnownSizes_GreedyHeaviestFirstOntoLightestShard()
    {
        // By hand, loads after each step: 10 -> 0 (10, 0); 9 -> 1 (10, 9); 8 -> 1 (10, 17); 7 -> 0 (17, 17);
        // 6 -> 0, the tie to the lowest (23, 17); 5 -> 1 (23, 22).
        var sizes = new Dictionary<string, long> { ["/s/a.svs"] = 10, ["/s/b.svs"] = 9, ["/s/c.svs"] = 8, ["/s/d.svs"] = 7, ["/s/e.svs"] = 6, ["/s/f.svs"] = 5 };

        var of = SlideShards.Assign(sizes.Keys.ToList(), 2, p => sizes[p]);

        Assert.Equal(["/s/a.svs", "/s/d.svs", "/s/e.svs"], of.Where(p => p.Value == 0).Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["/s/b.svs", "/s/c.svs", "/s/f.svs"], of.Where(p => p.Value == 1).Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(1, 11)]
    [InlineData(3, 12)]
    [InlineData(4, 40)]
    [InlineData(7, 5)]
    public void Select_AllShards_DisjointCoveringAndStableWhenReordered(int count, int seed)
    {
        var rng = new Random(seed);
        var paths = Enumerable.Range(0, 50).Select(i => $"/data/site{i % 3}/slide{i:D3}.svs").ToList();
        var sizes = paths.ToDictionary(p => p, _ => (long)rng.Next(1, 1_000_000));
        var slides = paths.Select(p => new SlideInput(p)).ToList();
        var shuffled = slides.OrderBy(_ => rng.Next()).ToList();

        var shards = Enumerable.Range(0, count).Select(k => SlideShards.Select(slides, new SlideShard(k, count), p => sizes[p])).ToList();
        var again = Enumerable.Range(0, count).Select(k => SlideShards.Select(shuffled, new SlideShard(k, count), p => sizes[p])).ToList();

        Assert.Equal(paths.Order(StringComparer.Ordinal), shards.SelectMany(s => s).Select(s => s.Path).Order(StringComparer.Ordinal));
        for (var k = 0; k < count; k++)
        {
            Assert.Equal(shards[k].Select(s => s.Path).Order(StringComparer.Ordinal), again[k].Select(s => s.Path).Order(StringComparer.Ordinal));
            Assert.Equal(shards[k].Select(s => s.Path), slides.Select(s => s.Path).Where(shards[k].Select(s => s.Path).Contains));
        }

        // The greedy bound: no shard holds more than the lightest plus the largest slide.
        var loads = shards.Select(s => s.Sum(x => sizes[x.Path])).ToList();
        Assert.True(loads.Max() - loads.Min() <= sizes.Values.Max(), string.Join(", ", loads));
    }

    [Fact]
    public void Select_SlidesSharingABaseId_SameShardAndTheIdsOfTheWholeList()
    {
        var paths = new[] { "/a/case.svs", "/b/case.svs", "/c/CASE.tiff", "/d/other.svs", "/e/third.svs", "/f/fourth.svs" };
        var slides = paths.Select(p => new SlideInput(p)).ToList();
        var whole = SlideIds.Assign(paths);

        for (var count = 2; count <= 4; count++)
        {
            var shards = Enumerable.Range(0, count).Select(k => SlideShards.Select(slides, new SlideShard(k, count), _ => 100)).ToList();

            var holding = shards.Single(s => s.Any(x => x.Path == "/a/case.svs"));
            Assert.Contains(holding, x => x.Path == "/b/case.svs");
            Assert.Contains(holding, x => x.Path == "/c/CASE.tiff");
            foreach (var shard in shards)
            {
                foreach (var (path, id) in SlideIds.Assign(shard.Select(s => s.Path)))
                {
                    Assert.Equal(whole[path], id);
                }
            }
        }
    }

    [Fact]
    public void FileBytes_MiraxSlide_CountsItsDataFolder()
    {
        using var dir = new TempFolder();
        var mrxs = Path.Combine(dir, "m.mrxs");
        File.WriteAllBytes(mrxs, new byte[100]);
        Directory.CreateDirectory(Path.Combine(dir, "m"));
        File.WriteAllBytes(Path.Combine(dir, "m", "Slidedat.ini"), new byte[20]);
        File.WriteAllBytes(Path.Combine(dir, "m", "Data0000.dat"), new byte[3000]);
        File.WriteAllBytes(Path.Combine(dir, "plain.svs"), new byte[42]);

        Assert.Equal(3120, SlideShards.FileBytes(mrxs));
        Assert.Equal(42, SlideShards.FileBytes(Path.Combine(dir, "plain.svs")));
        Assert.Equal(0, SlideShards.FileBytes(Path.Combine(dir, "gone.svs")));
    }
}
