using System.Text.Json;
using SlideEmbed.Arrow;
using SlideEmbed.Output;
using SlideEmbed.Pipeline;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// Outputs that can be trusted after reruns, kills and collisions: a slide's files are all of the current
/// settings and content or gone, and no slide's outputs are ever replaced by another slide's.
/// </summary>
public sealed class OutputSafetyTests
{
    private static string Model => ArrowInteropTests.TinyModel;

    [Fact]
    public void Embed_StaleSlideFileBesideNewTileFile_IsRedoneNotUpToDate()
    {
        // What a kill between the tile file's rename and the slide file's leaves: the new tile file beside
        // the previous run's slide file.
        WithTempDir(dir =>
        {
            var (slide, output, modelDir) = EmbedOneSlide(dir);
            var oldSlideFile = File.ReadAllBytes(Path.Combine(modelDir, "case.slide.arrow"));
            Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", slide, "--model", Model, "--out", output, "--min-tissue", "0.9").ExitCode);
            File.WriteAllBytes(Path.Combine(modelDir, "case.slide.arrow"), oldSlideFile);

            var (code, stdout, error) = CliRunner.Run("embed", slide, "--model", Model, "--out", output, "--min-tissue", "0.9");

            Assert.True(code == ExitCodes.Success, error);
            Assert.Contains("1 embedded, 0 up to date", stdout, StringComparison.Ordinal);
            var tiles = ArrowMetadata.TryRead(Path.Combine(modelDir, "case.tiles.arrow"))!;
            var slideMeta = ArrowMetadata.TryRead(Path.Combine(modelDir, "case.slide.arrow"))!;
            Assert.Equal(tiles[SlideRun.TilesIdKey], slideMeta[SlideRun.TilesIdKey]);
            Assert.Equal(tiles[SlideEmbeddingJob.DigestKey], slideMeta[SlideEmbeddingJob.DigestKey]);
            Assert.Equal(TileEmbeddingFile.Read(Path.Combine(modelDir, "case.tiles.arrow")).Count, AggregateTests.Read(Path.Combine(modelDir, "case.slide.arrow")).Tiles);
        });
    }

    [Fact]
    public void Embed_SameFileNameInTwoRuns_KeepsBothSlidesOutputs()
    {
        WithTempDir(dir =>
        {
            var a = TestSlides.Write(Path.Combine(dir, "a"), "case.svs");
            var b = TestSlides.Write(Path.Combine(dir, "b"), "case.svs", 3000, 2500);
            var output = Path.Combine(dir, "out");
            var modelDir = Path.Combine(output, "tiny-cls");

            Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", a, "--model", Model, "--out", output).ExitCode);
            var (code, stdout, error) = CliRunner.Run("embed", b, "--model", Model, "--out", output);
            var again = CliRunner.Run("embed", a, b, "--model", Model, "--out", output);

            Assert.True(code == ExitCodes.Success, error);
            Assert.Contains("1 embedded", stdout, StringComparison.Ordinal);
            var owners = Directory.GetFiles(modelDir, "*.tiles.arrow").ToDictionary(f => Path.GetFileName(f), f => ProvenanceRecord.TryRead(ArrowMetadata.TryRead(f))!.SlidePath);
            Assert.Equal(2, owners.Count);
            Assert.Equal(Path.GetFullPath(a), owners["case.tiles.arrow"]);
            Assert.Contains(Path.GetFullPath(b), owners.Values);
            // Ids are stable: both slides together are up to date under the ids they already have.
            Assert.Contains("0 embedded, 2 up to date", again.Out, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Embed_UnicodeNearCollisionInSeparateRuns_GivesDistinctIds()
    {
        WithTempDir(dir =>
        {
            var muller = TestSlides.Write(Path.Combine(dir, "in"), "Patient-Müller.svs");
            var moller = TestSlides.Write(Path.Combine(dir, "in"), "Patient-Möller.svs", 3000, 2500);
            var output = Path.Combine(dir, "out");

            Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", muller, "--model", Model, "--out", output).ExitCode);
            Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", moller, "--model", Model, "--out", output).ExitCode);

            var files = Directory.GetFiles(Path.Combine(output, "tiny-cls"), "*.tiles.arrow");
            Assert.Equal(2, files.Length);
            Assert.All(files, f => Assert.StartsWith("Patient-M_ller-", Path.GetFileName(f), StringComparison.Ordinal));
            Assert.Equal(
                new[] { Path.GetFullPath(moller), Path.GetFullPath(muller) }.Order(StringComparer.Ordinal),
                files.Select(f => ProvenanceRecord.TryRead(ArrowMetadata.TryRead(f))!.SlidePath).Order(StringComparer.Ordinal));
        });
    }

    [Fact]
    public void Embed_SlideEncoderNoneAfterMean_RemovesTheOldSlideFileAndReportsIt()
    {
        WithTempDir(dir =>
        {
            var (slide, output, modelDir) = EmbedOneSlide(dir);
            Assert.True(File.Exists(Path.Combine(modelDir, "case.slide.arrow")));

            var (code, _, error) = CliRunner.Run("embed", slide, "--model", Model, "--out", output, "--slide-encoder", "none");

            Assert.True(code == ExitCodes.Success, error);
            Assert.False(File.Exists(Path.Combine(modelDir, "case.slide.arrow")));
            Assert.Equal([Path.Combine(modelDir, "case.slide.arrow")], ReportEntry(modelDir, "case.svs").GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        });
    }

    [Fact]
    public void Embed_ChangedSlideThatNowFails_RemovesEveryOldOutput()
    {
        WithTempDir(dir =>
        {
            var (slide, output, modelDir) = EmbedOneSlide(dir);
            var before = SlideOutputs.Existing(modelDir, "case");
            Assert.Equal(5, before.Count);
            File.WriteAllText(slide, "no longer a slide");

            var (code, _, _) = CliRunner.Run("embed", slide, "--model", Model, "--out", output);

            Assert.Equal(ExitCodes.Failure, code);
            Assert.Empty(SlideOutputs.Existing(modelDir, "case"));
            var entry = ReportEntry(modelDir, "case.svs");
            Assert.Equal("failed", entry.GetProperty("status").GetString());
            Assert.Equal(before.Order(StringComparer.Ordinal), entry.GetProperty("removed").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));
        });
    }

    [Fact]
    public void Embed_SlideEncoderPlacingTilesInMicrons_GetsTheSlidesResolution()
    {
        WithTempDir(dir =>
        {
            var slide = TestSlides.Write(Path.Combine(dir, "in"), "case.svs");
            var manifest = AggregateTests.WriteSmallLongNet(Path.Combine(dir, "models"), coordinatesMpp: 1.0);
            var output = Path.Combine(dir, "out");

            var (code, _, error) = CliRunner.Run("embed", slide, "--model", Model, "--out", output, "--slide-encoder", manifest);
            var aggregate = CliRunner.Run("aggregate", Path.Combine(output, "tiny-cls"), "--slide-encoder", manifest, "--out", Path.Combine(dir, "agg"));

            Assert.True(code == ExitCodes.Success, error);
            Assert.True(File.Exists(Path.Combine(output, "tiny-cls", "case.slide.arrow")));
            Assert.True(aggregate.ExitCode == ExitCodes.Success, aggregate.Error);
            Assert.Equal(
                AggregateTests.Read(Path.Combine(output, "tiny-cls", "case.slide.arrow")).Embedding,
                AggregateTests.Read(Path.Combine(dir, "agg", "case.slide.arrow")).Embedding);
        });
    }

    [Fact]
    public void Embed_SlideMppGivenLater_KeepsSlidesWithTheirOwnResolutionUpToDate()
    {
        WithTempDir(dir =>
        {
            var slide = TestSlides.Write(Path.Combine(dir, "in"), "case.svs");
            var output = Path.Combine(dir, "out");
            Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", slide, "--model", Model, "--out", output).ExitCode);

            var withOverride = CliRunner.Run("embed", slide, "--model", Model, "--out", output, "--slide-mpp", "0.25");
            var withExtension = CliRunner.Run("embed", slide, "--model", Model, "--out", output, "--slide-mpp", "0.25", "--tensor-extension");

            Assert.Contains("0 embedded, 1 up to date", withOverride.Out, StringComparison.Ordinal);
            Assert.Contains("1 embedded, 0 up to date", withExtension.Out, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Aggregate_TwoTileFilesWithOneSlideId_FailsTheSecondInsteadOfOverwriting()
    {
        WithTempDir(dir =>
        {
            var a = TestSlides.Write(Path.Combine(dir, "a"), "case.svs");
            var b = TestSlides.Write(Path.Combine(dir, "b"), "case.svs", 3000, 2500);
            Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", a, "--model", Model, "--out", Path.Combine(dir, "run-a")).ExitCode);
            Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", b, "--model", Model, "--out", Path.Combine(dir, "run-b")).ExitCode);
            var first = Path.Combine(dir, "run-a", "tiny-cls", "case.tiles.arrow");
            var second = Path.Combine(dir, "run-b", "tiny-cls", "case.tiles.arrow");

            var (code, _, error) = CliRunner.Run("aggregate", first, second, "--slide-encoder", "mean", "--out", Path.Combine(dir, "agg"));

            Assert.Equal(ExitCodes.PartialFailure, code);
            Assert.Contains($"error: {second}: its slide id 'case' is also the id of '{first}'", error, StringComparison.Ordinal);
            Assert.Equal(
                AggregateTests.Read(Path.Combine(dir, "run-a", "tiny-cls", "case.slide.arrow")).Embedding,
                AggregateTests.Read(Path.Combine(dir, "agg", "case.slide.arrow")).Embedding);
        });
    }

    /// <summary>Writes <c>in/case.svs</c> and embeds it once with the tiny model into <c>out/</c>.</summary>
    private static (string Slide, string Output, string ModelDir) EmbedOneSlide(string dir)
    {
        var slide = TestSlides.Write(Path.Combine(dir, "in"), "case.svs");
        var output = Path.Combine(dir, "out");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", slide, "--model", Model, "--out", output).ExitCode);
        return (slide, output, Path.Combine(output, "tiny-cls"));
    }

    internal static JsonElement ReportEntry(string modelDir, string slideFileName)
    {
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(modelDir, "run-report.json")));
        return report.RootElement.GetProperty("slides").EnumerateArray()
            .Single(s => Path.GetFileName(s.GetProperty("path").GetString()) == slideFileName).Clone();
    }

    internal static void WithTempDir(Action<string> test)
    {
        using var dir = new TempFolder();
        test(dir);
    }
}
