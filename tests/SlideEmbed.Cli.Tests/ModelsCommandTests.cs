using System.Text;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// <c>models verify</c> and <c>models list</c>, and the parity gate of <c>embed</c>. The model in
/// tests/models/parity is a random-weight export with its manifest and check block, made by
/// <c>/usr/bin/python3 tools/export_onnx.py --model kaiko-vits16 --random-weights --depth 1 --dim 32 --heads 2
/// --mlp-hidden 64 --out tests/models/parity/kaiko-vits16.onnx --manifest-out tests/models/parity/kaiko-vits16.json</c>.
/// </summary>
public sealed class ModelsCommandTests
{
    private static string ParityDir => Path.Combine(TestAssets.RepoRoot, "tests", "models", "parity");

    [Fact]
    public void Verify_ExportedModel_PassesOnOneLine()
    {
        var (code, output, error) = CliRunner.Run("models", "verify", Path.Combine(ParityDir, "kaiko-vits16.json"));

        Assert.True(code == ExitCodes.Success, error);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("PASS kaiko-vits16: max abs difference ", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void Verify_WeightsAltered_FailsOnOneLineWithExit1()
    {
        var dir = AlteredCopy();
        try
        {
            var (code, output, error) = CliRunner.Run("models", "verify", Path.Combine(dir, "kaiko-vits16.json"));

            Assert.Equal(ExitCodes.Failure, code);
            Assert.Equal(string.Empty, output);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("FAIL kaiko-vits16: max abs difference ", line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Verify_ManifestWithoutCheck_FailsSayingHowToAddOne()
    {
        var (code, _, error) = CliRunner.Run("models", "verify", Path.Combine(TestAssets.RepoRoot, "tests", "models", "tiny-cls.json"));

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("--manifest-out", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_WeightsAltered_RefusesTheModelAndWritesNothing()
    {
        var dir = AlteredCopy(keepChecksum: false);
        try
        {
            var slide = TestSlides.Write(dir, "gate.svs");
            var outDir = Path.Combine(dir, "out");

            var (code, _, error) = CliRunner.Run("embed", slide, "--model", Path.Combine(dir, "kaiko-vits16.json"), "--out", outDir);

            Assert.NotEqual(ExitCodes.Success, code);
            Assert.Contains("fails its parity check", error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(outDir) && Directory.EnumerateFiles(outDir, "*.arrow", SearchOption.AllDirectories).Any());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void List_EveryManifest_ShowsStatusAndWhereItLooked()
    {
        var (code, output, error) = CliRunner.Run("models", "list");

        Assert.True(code == ExitCodes.Success, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in new[] { "uni", "conch-v1-5", "h0-mini", "openmidnight", "gpfm", "kaiko-vits8", "kaiko-vitb16" })
        {
            var line = Assert.Single(lines, l => l.StartsWith(name + " ", StringComparison.Ordinal));
            Assert.True(line.Contains("looked for ", StringComparison.Ordinal) || line.Contains(" found, ", StringComparison.Ordinal), line);
            if (line.Contains("not found", StringComparison.Ordinal))
            {
                Assert.Contains(Path.Combine("manifests", name + ".onnx"), line, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>A copy of the parity model whose patch-embedding weights were overwritten.</summary>
    /// <param name="keepChecksum">False to drop the manifest's SHA-256, so only the parity check can tell.</param>
    private static string AlteredCopy(bool keepChecksum = true)
    {
        var dir = TestAssets.NewTempDir();
        var manifest = File.ReadAllText(Path.Combine(ParityDir, "kaiko-vits16.json"));
        if (!keepChecksum)
        {
            manifest = System.Text.RegularExpressions.Regex.Replace(manifest, "\"sha256\": \"[0-9a-f]{64}\"", "\"sha256\": null");
        }

        File.WriteAllText(Path.Combine(dir, "kaiko-vits16.json"), manifest);
        var bytes = File.ReadAllBytes(Path.Combine(ParityDir, "kaiko-vits16.onnx"));
        var name = Encoding.ASCII.GetBytes("patch_embed.proj.weight");
        // The initializer's TensorProto stores raw_data (field 9, tag 0x4A) right after its name (field 8):
        // the tag, a 3-byte length, then 98304 bytes of weights. Node inputs carry the name too, without the tag.
        var at = -1;
        for (var from = 0; ;)
        {
            var next = bytes.AsSpan(from).IndexOf(name);
            Assert.True(next >= 0, "the initializer patch_embed.proj.weight is not in the file");
            at = from + next;
            if (bytes[at + name.Length] == 0x4A)
            {
                break;
            }

            from = at + 1;
        }

        // Overwrite 256 floats well inside the weights.
        var start = at + name.Length + 4 + 4096;
        for (var i = 0; i < 256; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(start + (4 * i), 4), 0.25f * ((i % 7) - 3));
        }

        File.WriteAllBytes(Path.Combine(dir, "kaiko-vits16.onnx"), bytes);
        return dir;
    }
}
