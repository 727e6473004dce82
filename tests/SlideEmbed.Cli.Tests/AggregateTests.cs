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
        using var dir = new TempFolder();
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

    [Theory]
    [InlineData("", "cls")]
    [InlineData(":layer-mean:1", "layer-mean:1")]
    public void Aggregate_SmallLongNetManifest_EqualsEmbedInOneGo(string modeSuffix, string mode)
    {
        // A LongNet slide encoder of one's own (2 layers, width 32, random weights) over tiny-cls tiles,
        // given by manifest path: the same forward as gigapath-slide at a size a test can run.
        using var dir = new TempFolder();
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

    [Fact]
    public void Aggregate_GigaPathOverOtherTileEncoder_FailsNamingTheRequiredEncoder()
    {
        using var dir = new TempFolder();
        var slide = TestSlides.Write(dir, "g.svs");
        var embedOut = Path.Combine(dir, "embed");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", slide, "--model", ArrowInteropTests.TinyModel, "--out", embedOut, "--slide-encoder", "none").ExitCode);

        var (code, _, error) = CliRunner.Run("aggregate", Path.Combine(embedOut, "tiny-cls"), "--slide-encoder", "gigapath-slide", "--out", dir);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("gigapath-tile", error, StringComparison.Ordinal);
        Assert.Contains("tiny-cls", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_NotATileFile_FailsWithReason()
    {
        using var dir = new TempFolder();
        var bogus = Path.Combine(dir, "x.tiles.arrow");
        File.WriteAllText(bogus, "not arrow");

        var (code, _, error) = CliRunner.Run("aggregate", bogus, "--slide-encoder", "mean", "--out", dir);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("x.tiles.arrow", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_ProvenanceWithoutDimension_FailsNamingFileAndKey()
    {
        using var dir = new TempFolder();
        var file = TileFiles.Write(dir, "other", 4, 2, SlideEmbed.Models.ModelPrecision.Fp32, _ => false, """{"config": {"model": {"name": "their-model"}}}""");

        var (code, _, error) = CliRunner.Run("aggregate", file, "--slide-encoder", "mean", "--out", Path.Combine(dir, "agg"));

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("other.tiles.arrow", error, StringComparison.Ordinal);
        Assert.Contains("'config.model.dimension'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("given key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_MinimalProvenanceWithFailedTiles_MeanOfReadableTiles()
    {
        using var dir = new TempFolder();
        TileFiles.Write(dir, "one", 6, 2, SlideEmbed.Models.ModelPrecision.Fp32, i => i == 1, TileFiles.MinimalProvenance("their-model", 2));
        TileFiles.Write(dir, "two", 3, 2, SlideEmbed.Models.ModelPrecision.Fp32, _ => false, TileFiles.MinimalProvenance("their-model", 2));
        var aggOut = Path.Combine(dir, "agg");

        var (code, output, error) = CliRunner.Run("aggregate", dir, "--slide-encoder", "mean", "--out", aggOut);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("one: mean (mean) over 5 tiles", output, StringComparison.Ordinal);
        Assert.Contains("two: mean (mean) over 3 tiles", output, StringComparison.Ordinal);
        var (embedding, encoderName, count) = Read(Path.Combine(aggOut, "one.slide.arrow"));
        Assert.Equal(("mean", 5), (encoderName, count));
        int[] readable = [0, 2, 3, 4, 5];
        Assert.Equal([(float)readable.Average(), (float)readable.Average() + 0.125f], embedding);
    }

    private static string ReadMode(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        using var batch = reader.ReadNextRecordBatch();
        return ((StringArray)batch.Column("output_mode")).GetString(0);
    }

    /// <summary>A slide-encoder manifest for tiny-cls tiles (48-d) and its seeded weights: width 32, 2 layers, 4 heads, 3 branches.</summary>
    /// <param name="folder">Where to write the manifest and weights.</param>
    /// <param name="coordinatesMpp">Null: the encoder takes level-0 coordinates; else it places tiles on a grid at this resolution, which needs each slide's mpp.</param>
    internal static string WriteSmallLongNet(string folder, double? coordinatesMpp = null)
    {
        Directory.CreateDirectory(folder);
        var (bytes, _) = SlideEmbed.Tests.Aggregation.SplitMixGenerator.StateDictBytes(11, 48, 32, 2, 64);
        File.WriteAllBytes(Path.Combine(folder, "small-longnet.safetensors"), bytes);
        var path = Path.Combine(folder, "small-longnet.json");
        var input = coordinatesMpp is { } frame
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\"coordinates\": \"mpp\", \"coordinates_mpp\": {frame}")
            : "\"coordinates\": \"level0\", \"coordinates_mpp\": null";
        File.WriteAllText(path, $$"""
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
              "input": { "tile_encoder": "tiny-cls", "dim": 48, {{input}} },
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
