using System.Security.Cryptography;
using System.Text.Json;
using SlideEmbed.Arrow;
using SlideEmbed.Output;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

public sealed class TokensCommandTests
{
    [Fact]
    public void FitThenAssign_QuadrantCohort_RecoversQuadrantsAndCountsThem()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var cohort = CohortFiles.WriteQuadrantCohort(Directory.CreateDirectory(Path.Combine(dir, "model")).FullName, 3, 24);
            var codebook = Path.Combine(dir, "codebook.arrow");
            var tokensDir = Path.Combine(dir, "tokens");

            var fit = CliRunner.Run("tokens", "fit", cohort, "--k", "4", "--out", codebook, "--seed", "2");
            var assign = CliRunner.Run("tokens", "assign", cohort, "--codebook", codebook, "--out", tokensDir);

            Assert.True(fit.ExitCode == ExitCodes.Success, fit.Error);
            Assert.True(assign.ExitCode == ExitCodes.Success, assign.Error);
            var truth = new List<int>();
            var found = new List<int>();
            var histograms = TokenHistogramFile.Read(Path.Combine(tokensDir, TokenHistogramFile.FileName));
            var codebookSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(codebook)));
            for (var s = 0; s < 3; s++)
            {
                var path = Path.Combine(tokensDir, $"s{s}.tokens.arrow");
                var tokens = TokensFile.Read(path);
                Assert.Equal($"s{s}", tokens.SlideId);
                Assert.Equal(Enumerable.Range(0, 80), tokens.TileIndex);
                Assert.Equal(tokens.TileIndex.Select(i => (long)(i % 10) * 100), tokens.X);
                for (var i = 0; i < tokens.Count; i++)
                {
                    if (s == 1 && i == 7)
                    {
                        Assert.Equal(-1, tokens.Tokens[i]);
                        continue;
                    }

                    truth.Add(CohortFiles.Quadrant(i));
                    found.Add(tokens.Tokens[i]);
                }

                Assert.Equal(tokens.Histogram(4), histograms.Single(h => h.SlideId == $"s{s}").Counts);
                Assert.Equal(s == 1 ? 79 : 80, histograms.Single(h => h.SlideId == $"s{s}").Counts.Sum());
                var provenance = JsonDocument.Parse(ArrowMetadata.TryRead(path)![Provenance.MetadataKey]).RootElement;
                Assert.Equal(codebookSha, provenance.GetProperty("codebook").GetProperty("sha256").GetString());
            }

            Assert.True(AdjustedRandIndex.Compute(truth, found) >= 0.99);
            // Every quadrant holds 20 tiles of each slide, so each token's count is a multiple of 20 but for the unread tile.
            Assert.Equal([20, 20, 20, 20], histograms.Single(h => h.SlideId == "s0").Counts);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Fit_SameSeedTwice_SameCentroids()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var cohort = CohortFiles.WriteQuadrantCohort(dir, 2, 16);
            var a = Path.Combine(dir, "a.arrow");
            var b = Path.Combine(dir, "b.arrow");

            Assert.Equal(ExitCodes.Success, CliRunner.Run("tokens", "fit", cohort, "--k", "3", "--out", a, "--sample", "100", "--threads", "1").ExitCode);
            Assert.Equal(ExitCodes.Success, CliRunner.Run("tokens", "fit", cohort, "--k", "3", "--out", b, "--sample", "100", "--threads", "2").ExitCode);

            Assert.Equal(CodebookFile.Read(a).Codebook.Centroids.ToArray(), CodebookFile.Read(b).Codebook.Centroids.ToArray());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Assign_DamagedTileFile_OneErrorLineExitOneAndNoOutputs()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var cohort = CohortFiles.WriteQuadrantCohort(Directory.CreateDirectory(Path.Combine(dir, "model")).FullName, 1, 8);
            var codebook = Path.Combine(dir, "codebook.arrow");
            Assert.Equal(ExitCodes.Success, CliRunner.Run("tokens", "fit", cohort, "--k", "2", "--out", codebook).ExitCode);
            var bytes = File.ReadAllBytes(Path.Combine(cohort, "s0.tiles.arrow"));
            File.WriteAllBytes(Path.Combine(cohort, "s9.tiles.arrow"), bytes[..(bytes.Length / 2)]);
            var tokensDir = Path.Combine(dir, "tokens");

            var (code, _, error) = CliRunner.Run("tokens", "assign", cohort, "--codebook", codebook, "--out", tokensDir);

            Assert.Equal(ExitCodes.Failure, code);
            var errors = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToArray();
            var line = Assert.Single(errors);
            Assert.Contains("s9.tiles.arrow", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(tokensDir, TokenHistogramFile.FileName)));
            Assert.Empty(Directory.Exists(tokensDir) ? Directory.GetFiles(tokensDir, "*.partial") : []);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("tokens", "fit", "MISSING", "--k", "4", "--out", "c.arrow")]
    [InlineData("tokens", "fit", "COHORT", "--k", "1", "--out", "c.arrow")]
    [InlineData("tokens", "assign", "COHORT", "--codebook", "MISSING", "--out", "t")]
    public void Tokens_BadArguments_UsageErrorInOneLine(params string[] args)
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var cohort = CohortFiles.WriteQuadrantCohort(dir, 1, 8);
            var resolved = args.Select(a => a == "COHORT" ? cohort : a == "MISSING" ? Path.Combine(dir, "missing") : a).ToArray();

            var (code, _, error) = CliRunner.Run(resolved);

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
