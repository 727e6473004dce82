using Apache.Arrow;
using Apache.Arrow.Ipc;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

public sealed class AggregateTests
{
    [Theory]
    [InlineData("mean")]
    [InlineData("max")]
    public void Aggregate_OverEmbedTileFiles_EqualsEmbedInOneGo(string encoder)
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var slide = TestSlides.Write(dir, "a.svs");
            var embedOut = Path.Combine(dir, "embed");
            Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", slide, "--model", ArrowInteropTests.TinyModel, "--out", embedOut, "--slide-encoder", encoder).ExitCode);
            var aggOut = Path.Combine(dir, "agg");

            var (code, output, error) = CliRunner.Run("aggregate", Path.Combine(embedOut, "tiny-cls"), "--slide-encoder", encoder, "--out", aggOut);

            Assert.True(code == ExitCodes.Success, error);
            Assert.Contains($"a: {encoder}", output, StringComparison.Ordinal);
            var (oneGo, encoderName, count) = Read(Path.Combine(embedOut, "tiny-cls", "a.slide.arrow"));
            var (later, laterName, laterCount) = Read(Path.Combine(aggOut, "a.slide.arrow"));
            Assert.Equal(oneGo, later);
            Assert.Equal((encoder, encoder), (encoderName, laterName));
            Assert.Equal(count, laterCount);
            Assert.Equal(48, oneGo.Length);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Aggregate_GigaPathOverOtherTileEncoder_FailsNamingTheRequiredEncoder()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var slide = TestSlides.Write(dir, "g.svs");
            var embedOut = Path.Combine(dir, "embed");
            Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", slide, "--model", ArrowInteropTests.TinyModel, "--out", embedOut, "--slide-encoder", "none").ExitCode);

            var (code, _, error) = CliRunner.Run("aggregate", Path.Combine(embedOut, "tiny-cls"), "--slide-encoder", "gigapath-slide", "--out", dir);

            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("gigapath-tile", error, StringComparison.Ordinal);
            Assert.Contains("tiny-cls", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Aggregate_NotATileFile_FailsWithReason()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var bogus = Path.Combine(dir, "x.tiles.arrow");
            File.WriteAllText(bogus, "not arrow");

            var (code, _, error) = CliRunner.Run("aggregate", bogus, "--slide-encoder", "mean", "--out", dir);

            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("x.tiles.arrow", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static (float[] Embedding, string Encoder, int Tiles) Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        using var batch = reader.ReadNextRecordBatch();
        var list = (FixedSizeListArray)batch.Column("embedding");
        return (((FloatArray)list.Values).Values.ToArray(), ((StringArray)batch.Column("slide_encoder")).GetString(0), ((Int32Array)batch.Column("tile_count")).GetValue(0)!.Value);
    }
}
