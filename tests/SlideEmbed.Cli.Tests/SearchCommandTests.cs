using System.Text.Json;
using SlideEmbed.Arrow;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

public sealed class SearchCommandTests
{
    [Fact]
    public void Search_Tile_MatchesBruteForceOverEveryOtherTile()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var cohort = CohortFiles.WriteQuadrantCohort(dir, 3, 20);

            var (code, output, error) = CliRunner.Run("search", cohort, "--tile", "s2:13", "--k", "25", "--json");

            Assert.True(code == ExitCodes.Success, error);
            var all = Enumerable.Range(0, 3).Select(s => TileEmbeddingFile.Read(Path.Combine(cohort, $"s{s}.tiles.arrow"))).ToArray();
            var query = all[2].Embeddings.AsSpan(13 * 20, 20).ToArray();
            var expected = all
                .SelectMany(f => Enumerable.Range(0, f.Count).Where(i => f.Ok[i]).Select(i => (f.SlideId, Index: i, f.Xs, f.Ys, Score: ReferenceMath.Cosine(query, f.Embeddings.AsSpan(i * 20, 20)))))
                .Where(h => !(h.SlideId == "s2" && h.Index == 13))
                .OrderByDescending(h => h.Score).Take(25).ToArray();
            using var json = JsonDocument.Parse(output);
            var hits = json.RootElement.EnumerateArray().ToArray();
            Assert.Equal(25, hits.Length);
            for (var r = 0; r < 25; r++)
            {
                Assert.Equal(r + 1, hits[r].GetProperty("rank").GetInt32());
                Assert.Equal(expected[r].Score, hits[r].GetProperty("score").GetDouble(), 4);
                Assert.Equal(expected[r].SlideId, hits[r].GetProperty("slide_id").GetString());
                Assert.Equal(expected[r].Index, hits[r].GetProperty("tile_index").GetInt32());
                Assert.Equal(expected[r].Xs[expected[r].Index], hits[r].GetProperty("x").GetInt64());
                Assert.Equal(expected[r].Ys[expected[r].Index], hits[r].GetProperty("y").GetInt64());
                Assert.Equal(100, hits[r].GetProperty("level0_tile_size").GetInt64());
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Search_Slide_RanksOtherSlidesByCosine()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            float[][] vectors = [[1, 0, 0], [0.9f, 0.1f, 0], [0, 1, 0], [0.5f, 0.5f, 0.1f], [-1, 0, 0]];
            for (var s = 0; s < vectors.Length; s++)
            {
                SlideEmbeddingFile.Write(Path.Combine(dir, $"p{s}.slide.arrow"), new SlideEmbeddingRow($"p{s}", "synthetic", "mean", "mean", 10, vectors[s]), new Dictionary<string, string>());
            }

            var (code, output, error) = CliRunner.Run("search", dir, "--slide", "p0", "--k", "3");

            Assert.True(code == ExitCodes.Success, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("rank", lines[0], StringComparison.Ordinal);
            Assert.Equal(["p1", "p3", "p2"], lines[1..].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]));
            Assert.Contains((0.9 / Math.Sqrt(0.82)).ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture), lines[1], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Search_VectorFile_FindsTheTilesOfItsQuadrant()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var cohort = CohortFiles.WriteQuadrantCohort(dir, 2, 8);
            var tile = TileEmbeddingFile.Read(Path.Combine(cohort, "s0.tiles.arrow"));
            var vector = Path.Combine(dir, "q.txt");
            File.WriteAllText(vector, "[" + string.Join(", ", tile.Embeddings.AsSpan(0, 8).ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]");

            var (code, output, error) = CliRunner.Run("search", cohort, "--vector", vector, "--k", "40", "--json");

            Assert.True(code == ExitCodes.Success, error);
            using var json = JsonDocument.Parse(output);
            Assert.All(json.RootElement.EnumerateArray(), h => Assert.Equal(0, CohortFiles.Quadrant(h.GetProperty("tile_index").GetInt32())));
            Assert.Equal("s0", json.RootElement[0].GetProperty("slide_id").GetString());
            Assert.Equal(0, json.RootElement[0].GetProperty("tile_index").GetInt32());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("--k", "5")]
    [InlineData("--tile", "s0:3", "--slide", "s0")]
    [InlineData("--tile", "s0")]
    [InlineData("--tile", "s7:3")]
    [InlineData("--slide", "s0")]
    [InlineData("--tile", "s0:3", "--over", "pixels")]
    public void Search_BadQuery_UsageErrorInOneLine(params string[] args)
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var cohort = CohortFiles.WriteQuadrantCohort(dir, 1, 8);

            var (code, _, error) = CliRunner.Run(["search", cohort, .. args]);

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
