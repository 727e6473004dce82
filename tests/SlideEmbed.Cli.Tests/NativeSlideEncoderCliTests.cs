using SlideEmbed.Safetensors;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>The slide encoders after GigaPath through <c>embed</c> and <c>aggregate</c>.</summary>
public sealed class NativeSlideEncoderCliTests
{
    [Theory]
    [InlineData("titan", "conch-v1-5")]
    [InlineData("feather-uni2-h", "uni2-h")]
    [InlineData("madeleine", "conch-v1")]
    public void Embed_BundledEncoderWithOtherTileModel_OneClearError(string encoder, string required)
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var slide = TestSlides.Write(dir, "a.svs");
            var (code, _, error) = CliRunner.Run("embed", slide, "--model", ArrowInteropTests.TinyModel, "--out", Path.Combine(dir, "out"), "--slide-encoder", encoder);

            Assert.NotEqual(ExitCodes.Success, code);
            Assert.Contains($"'{required}'", error, StringComparison.Ordinal);
            Assert.Contains("tiny-cls", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("error", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Embed_TitanManifestAtTileResolution_ReadsGeometryAndMatchesAggregate()
    {
        // A TITAN of one's own (1 block, width 32) over tiny-cls tiles: the slide-level step must pass the
        // tile file's level-0 tile size, and aggregate must reproduce embed's slide embedding.
        var dir = TestAssets.NewTempDir();
        try
        {
            var slide = TestSlides.Write(dir, "a.svs");
            var manifest = WriteSmallTitan(Path.Combine(dir, "models"), tileMpp: "0.5", tileSize: 256);
            var embedOut = Path.Combine(dir, "embed");
            var (embedCode, _, embedError) = CliRunner.Run("embed", slide, "--model", ArrowInteropTests.TinyModel, "--out", embedOut, "--slide-encoder", manifest);
            Assert.True(embedCode == ExitCodes.Success, embedError);
            var aggOut = Path.Combine(dir, "agg");

            var (code, _, error) = CliRunner.Run("aggregate", Path.Combine(embedOut, "tiny-cls"), "--slide-encoder", manifest, "--out", aggOut);

            Assert.True(code == ExitCodes.Success, error);
            var (oneGo, name, _) = AggregateTests.Read(Path.Combine(embedOut, "tiny-cls", "a.slide.arrow"));
            var (later, _, _) = AggregateTests.Read(Path.Combine(aggOut, "a.slide.arrow"));
            Assert.Equal("small-titan", name);
            Assert.Equal(32, oneGo.Length);
            Assert.Equal(oneGo, later);
            Assert.Contains(oneGo, v => v != 0);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Aggregate_TitanTrainedAtOtherResolution_FailsNamingResolution()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var slide = TestSlides.Write(dir, "a.svs");
            var manifest = WriteSmallTitan(Path.Combine(dir, "models"), tileMpp: "1.0", tileSize: 256);
            var embedOut = Path.Combine(dir, "embed");
            Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", slide, "--model", ArrowInteropTests.TinyModel, "--out", embedOut, "--slide-encoder", "none").ExitCode);

            var (code, _, error) = CliRunner.Run("aggregate", Path.Combine(embedOut, "tiny-cls"), "--slide-encoder", manifest, "--out", dir);

            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("1 um/px", error, StringComparison.Ordinal);
            Assert.Contains("0.5 um/px", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string WriteSmallTitan(string folder, string tileMpp, int tileSize)
    {
        Directory.CreateDirectory(folder);
        const int d = 32;
        var random = new Random(5);
        var writer = new SafetensorsWriter();
        void Add(string name, float scale, float offset, params long[] shape)
        {
            var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = offset + (scale * ((2 * random.NextSingle()) - 1));
            }

            writer.AddFloat32("vision_encoder." + name, values, shape);
        }

        void Linear(string name, int outF, int inF)
        {
            Add(name + ".weight", 1 / MathF.Sqrt(inF), 0, outF, inF);
            Add(name + ".bias", 1 / MathF.Sqrt(inF), 0, outF);
        }

        void Norm(string name)
        {
            Add(name + ".weight", 0.1f, 1, d);
            Add(name + ".bias", 0.1f, 0, d);
        }

        Linear("patch_embed.0", d, 48);
        Add("cls_token", 1, 0, 1, 1, d);
        Norm("blocks.modules_list.0.norm1");
        Linear("blocks.modules_list.0.attn.qkv", 3 * d, d);
        Linear("blocks.modules_list.0.attn.proj", d, d);
        Norm("blocks.modules_list.0.norm2");
        Linear("blocks.modules_list.0.mlp.fc1", 2 * d, d);
        Linear("blocks.modules_list.0.mlp.fc2", d, 2 * d);
        Norm("norm");
        Add("attn_pool_contrastive.query", 1, 0, 1, d);
        Add("attn_pool_contrastive.attn.in_proj_weight", 1 / MathF.Sqrt(d), 0, 3 * d, d);
        Add("attn_pool_contrastive.attn.in_proj_bias", 1 / MathF.Sqrt(d), 0, 3 * d);
        Linear("attn_pool_contrastive.attn.out_proj", d, d);
        Norm("attn_pool_contrastive.ln_q");
        Norm("attn_pool_contrastive.ln_k");
        writer.WriteTo(Path.Combine(folder, "small-titan.safetensors"));
        var path = Path.Combine(folder, "small-titan.json");
        File.WriteAllText(path, $$"""
            {
              "schema_version": 1,
              "kind": "slide-encoder",
              "encoder": "titan",
              "name": "small-titan",
              "display_name": "Small TITAN (test, random weights)",
              "source": "tests",
              "licence": "none",
              "citation": null,
              "trained": false,
              "architecture": "TITAN, width 32, 1 block, 2 heads",
              "weights": { "file": "small-titan.safetensors", "format": "safetensors", "sha256": null },
              "convert": "generated by the test",
              "input": { "tile_encoder": "tiny-cls", "dim": 48, "tile_mpp": {{tileMpp}}, "tile_size": {{tileSize}}, "coordinates": "level0" },
              "model": { "width": 32, "depth": 1, "heads": 2, "pooler_heads": 2 },
              "output": { "dim": 32 }
            }
            """);
        return path;
    }
}
