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

    [Theory]
    [InlineData("", "cls")]
    [InlineData(":layer-mean:1", "layer-mean:1")]
    public void Aggregate_SmallLongNetManifest_EqualsEmbedInOneGo(string modeSuffix, string mode)
    {
        // A LongNet slide encoder of one's own (2 layers, width 32, random weights) over tiny-cls tiles,
        // given by manifest path: the same forward as gigapath-slide at a size a test can run.
        var dir = TestAssets.NewTempDir();
        try
        {
            var slide = TestSlides.Write(dir, "a.svs");
            var manifest = WriteSmallLongNet(Path.Combine(dir, "models"));
            var embedOut = Path.Combine(dir, "embed");
            var (embedCode, _, embedError) = CliRunner.Run("embed", slide, "--model", ArrowInteropTests.TinyModel, "--out", embedOut, "--slide-encoder", manifest + modeSuffix);
            Assert.True(embedCode == ExitCodes.Success, embedError);
            var aggOut = Path.Combine(dir, "agg");

            var (code, output, error) = CliRunner.Run("aggregate", Path.Combine(embedOut, "tiny-cls"), "--slide-encoder", manifest + modeSuffix, "--out", aggOut);

            Assert.True(code == ExitCodes.Success, error);
            Assert.Contains("a: small-longnet", output, StringComparison.Ordinal);
            var (oneGo, encoderName, count) = Read(Path.Combine(embedOut, "tiny-cls", "a.slide.arrow"));
            var (later, laterName, laterCount) = Read(Path.Combine(aggOut, "a.slide.arrow"));
            Assert.Equal(oneGo, later);
            Assert.Equal(("small-longnet", "small-longnet"), (encoderName, laterName));
            Assert.Equal(count, laterCount);
            Assert.Equal(32, oneGo.Length);
            Assert.Contains(oneGo, v => v != 0);
            Assert.Equal(mode, ReadMode(Path.Combine(aggOut, "a.slide.arrow")));
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

    private static string ReadMode(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        using var batch = reader.ReadNextRecordBatch();
        return ((StringArray)batch.Column("output_mode")).GetString(0);
    }

    /// <summary>A slide-encoder manifest for tiny-cls tiles (48-d) and its seeded weights: width 32, 2 layers, 4 heads, 3 branches.</summary>
    private static string WriteSmallLongNet(string folder)
    {
        Directory.CreateDirectory(folder);
        var (bytes, _) = SlideEmbed.Tests.Aggregation.SplitMixGenerator.StateDictBytes(11, 48, 32, 2, 64);
        File.WriteAllBytes(Path.Combine(folder, "small-longnet.safetensors"), bytes);
        var path = Path.Combine(folder, "small-longnet.json");
        File.WriteAllText(path, """
            {
              "schema_version": 1,
              "kind": "slide-encoder",
              "name": "small-longnet",
              "display_name": "Small LongNet (test, random weights)",
              "source": "tests",
              "licence": "none",
              "citation": "none",
              "trained": false,
              "architecture": "LongNet, width 32, 2 layers, 4 heads",
              "weights": { "file": "small-longnet.safetensors", "format": "safetensors", "sha256": null },
              "convert": "written by the test",
              "input": { "tile_encoder": "tiny-cls", "dim": 48, "coordinates": "level0", "coordinates_mpp": null },
              "model": {
                "width": 32, "depth": 2, "heads": 4, "ffn_dim": 64,
                "segment_lengths": [8, 16, 64], "dilation_ratios": [1, 2, 4],
                "tile_size": 256, "grid_size": 1000, "layer_norm_eps": 1e-05, "norm_eps": 1e-06
              },
              "output": { "default": "cls", "dim": 32, "choices": ["cls", "mean", "layer-cls:N", "layer-mean:N"] }
            }
            """);
        return path;
    }

    internal static (float[] Embedding, string Encoder, int Tiles) Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        using var batch = reader.ReadNextRecordBatch();
        var list = (FixedSizeListArray)batch.Column("embedding");
        return (((FloatArray)list.Values).Values.ToArray(), ((StringArray)batch.Column("slide_encoder")).GetString(0), ((Int32Array)batch.Column("tile_count")).GetValue(0)!.Value);
    }
}
