using System.Text.Json;
using SlideEmbed.Arrow;
using SlideEmbed.Cohort;
using SlideEmbed.Imaging;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

public sealed class HeatmapCommandTests
{
    [Fact]
    public void Heatmap_ByPca_ColumnsRedRowsGreen()
    {
        // Embeddings = 3 col e0 + row e1 (+ tiny noise): the first component is the column, the second
        // the row, both with a positive largest loading, so red = 255 col / 9 and green = 255 row / 7.
        var dir = TestAssets.NewTempDir();
        try
        {
            var random = new Random(3);
            var file = CohortFiles.Write(dir, "lattice", 12, -1, i =>
            {
                var v = Enumerable.Range(0, 12).Select(_ => (float)(GaussianBlobs.Normal(random) * 1e-4)).ToArray();
                v[0] += 3 * (i % CohortFiles.Columns);
                v[1] += i / CohortFiles.Columns;
                v[5] += 1;
                return v;
            });

            var (code, output, error) = CliRunner.Run("heatmap", file, "--by", "pca", "--out", dir);

            Assert.True(code == ExitCodes.Success, error);
            Assert.Contains("lattice: 80 tiles", output, StringComparison.Ordinal);
            var (width, height, pixels) = TilesPng.ReadRgb(Path.Combine(dir, "lattice.heatmap-pca.png"));
            Assert.Equal((1000, 800), (width, height));
            for (var i = 0; i < 80; i++)
            {
                var (col, row) = (i % 10, i / 10);
                var at = 3 * ((((row * 100) + 50) * width) + (col * 100) + 50);
                Assert.InRange(pixels[at], (255 * col / 9.0) - 1.01, (255 * col / 9.0) + 1.01);
                Assert.InRange(pixels[at + 1], (255 * row / 7.0) - 1.01, (255 * row / 7.0) + 1.01);
            }

            using var geo = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "lattice.heatmap-pca.geojson")));
            var features = geo.RootElement.GetProperty("features");
            Assert.Equal(80, features.GetArrayLength());
            var last = features[79];
            Assert.Equal([[900, 700], [1000, 700], [1000, 800], [900, 800], [900, 700]], last.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().Select(p => p.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray());
            Assert.True(last.GetProperty("properties").GetProperty("measurements").GetProperty("pc1").GetDouble() > 0);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Heatmap_ByToken_EachTileInItsNearestTokensColour()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var cohort = CohortFiles.WriteQuadrantCohort(Directory.CreateDirectory(Path.Combine(dir, "model")).FullName, 2, 16);
            var codebook = Path.Combine(dir, "codebook.arrow");
            Assert.Equal(ExitCodes.Success, CliRunner.Run("tokens", "fit", cohort, "--k", "4", "--out", codebook).ExitCode);

            var (code, output, error) = CliRunner.Run("heatmap", Path.Combine(cohort, "s1.tiles.arrow"), "--by", "token", "--codebook", codebook, "--out", dir);

            Assert.True(code == ExitCodes.Success, error);
            Assert.Contains("legend: 0=#", output, StringComparison.Ordinal);
            var (centroids, _) = CodebookFile.Read(codebook);
            var tiles = TileEmbeddingFile.Read(Path.Combine(cohort, "s1.tiles.arrow"));
            var (width, _, pixels) = TilesPng.ReadRgb(Path.Combine(dir, "s1.heatmap-token.png"));
            for (var i = 0; i < 80; i++)
            {
                var at = 3 * (((((i / 10) * 100) + 50) * width) + ((i % 10) * 100) + 50);
                var painted = new RgbColor(pixels[at], pixels[at + 1], pixels[at + 2]);
                // The unread tile keeps the white canvas; the others show the colour of the nearest centroid.
                var expected = i == 7 ? RgbColor.White : HeatmapColors.Token(NearestByCosine(tiles.Embeddings.AsSpan(i * 16, 16), centroids.Centroids, 16));
                Assert.Equal(expected, painted);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Heatmap_ByScoreCsv_RampFromLowestToHighestScore()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var cohort = CohortFiles.WriteQuadrantCohort(dir, 1, 8);
            var csv = Path.Combine(dir, "scores.csv");
            File.WriteAllLines(csv, ["tile_index,attention", .. Enumerable.Range(0, 40).Select(i => $"{i},{i * 0.5}")]);

            var (code, _, error) = CliRunner.Run("heatmap", Path.Combine(cohort, "s0.tiles.arrow"), "--by", $"score:{csv}", "--out", dir);

            Assert.True(code == ExitCodes.Success, error);
            var (width, _, pixels) = TilesPng.ReadRgb(Path.Combine(dir, "s0.heatmap-score.png"));
            RgbColor At(int tile)
            {
                var at = 3 * (((((tile / 10) * 100) + 50) * width) + ((tile % 10) * 100) + 50);
                return new RgbColor(pixels[at], pixels[at + 1], pixels[at + 2]);
            }

            Assert.Equal(new RgbColor(68, 1, 84), At(0));
            Assert.Equal(new RgbColor(253, 231, 37), At(39));
            Assert.Equal(HeatmapColors.Ramp(20 / 39.0), At(20));
            Assert.Equal(RgbColor.White, At(40));
            using var geo = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "s0.heatmap-score.geojson")));
            Assert.Equal(40, geo.RootElement.GetProperty("features").GetArrayLength());
            Assert.Equal(19.5, geo.RootElement.GetProperty("features")[39].GetProperty("properties").GetProperty("measurements").GetProperty("attention").GetDouble());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Heatmap_EmbeddedSlide_PaintsOnItsThumbnailUnlessNone()
    {
        // alpha 0 leaves only the background: the recorded slide's thumbnail shows tissue (not white),
        // --slide none gives a white canvas of the same slide.
        var dir = TestAssets.NewTempDir();
        try
        {
            var slide = TestSlides.Write(dir, "a.svs");
            var embedOut = Path.Combine(dir, "embed");
            Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", slide, "--model", ArrowInteropTests.TinyModel, "--out", embedOut).ExitCode);
            var tiles = Path.Combine(embedOut, "tiny-cls", "a.tiles.arrow");

            var painted = CliRunner.Run("heatmap", tiles, "--by", "pca", "--alpha", "0", "--out", Path.Combine(dir, "thumb"));
            var blank = CliRunner.Run("heatmap", tiles, "--by", "pca", "--alpha", "0", "--slide", "none", "--out", Path.Combine(dir, "blank"));

            Assert.True(painted.ExitCode == ExitCodes.Success, painted.Error);
            Assert.True(blank.ExitCode == ExitCodes.Success, blank.Error);
            var (_, _, thumb) = TilesPng.ReadRgb(Path.Combine(dir, "thumb", "a.heatmap-pca.png"));
            var (_, _, white) = TilesPng.ReadRgb(Path.Combine(dir, "blank", "a.heatmap-pca.png"));
            Assert.True(thumb.Count(b => b < 200) > thumb.Length / 20, "the thumbnail shows tissue");
            Assert.All(white, b => Assert.Equal(255, b));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("--by", "colour")]
    [InlineData("--by", "token")]
    [InlineData("--by", "score:MISSING.csv")]
    public void Heatmap_BadMode_UsageErrorInOneLine(params string[] args)
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var file = Path.Combine(CohortFiles.WriteQuadrantCohort(dir, 1, 8), "s0.tiles.arrow");

            var (code, _, error) = CliRunner.Run(["heatmap", file, .. args, "--out", dir]);

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Empty(Directory.GetFiles(dir, "*.png"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static int NearestByCosine(ReadOnlySpan<float> row, ReadOnlySpan<float> centroids, int d)
    {
        var best = -1;
        var bestCos = double.NegativeInfinity;
        for (var j = 0; j < centroids.Length / d; j++)
        {
            double dot = 0, rr = 0, cc = 0;
            for (var i = 0; i < d; i++)
            {
                dot += row[i] * (double)centroids[(j * d) + i];
                rr += row[i] * (double)row[i];
                cc += centroids[(j * d) + i] * (double)centroids[(j * d) + i];
            }

            var cos = dot / Math.Sqrt(rr * cc);
            if (cos > bestCos)
            {
                (best, bestCos) = (j, cos);
            }
        }

        return best;
    }
}
