using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using SlideEmbed.Arrow;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// The files open in two independent Arrow implementations installed from npm (tools/js: Arrow JS and
/// polars' Rust core through nodejs-polars) and they see exactly what SlideEmbed wrote.
/// </summary>
public sealed class ArrowInteropTests
{
    private static string JsDir => Path.Combine(TestAssets.RepoRoot, "tools", "js");

    [Fact]
    public void TileFile_ReadByArrowJsAndPolars_BitForBitEqual()
    {
        RequireNodeReaders();
        using var dir = new TempFolder();
        var slide = TestSlides.Write(dir, "interop.svs");
        var (code, _, error) = CliRunner.Run("embed", slide, "--model", TinyModel, "--out", Path.Combine(dir, "out"), "--readers", "2");
        Assert.True(code == ExitCodes.Success, error);
        var tiles = Path.Combine(dir, "out", "tiny-cls", "interop.tiles.arrow");
        var ours = TileEmbeddingFile.Read(tiles);
        Assert.True(ours.Count > 0);
        var expectedBytes = Convert.ToBase64String(MemoryMarshal.AsBytes(ours.Embeddings.AsSpan()));

        using var js = Node("read_arrow_js.mjs", tiles);
        using var polars = Node("read_polars.mjs", tiles);

        foreach (var doc in new[] { js, polars })
        {
            var root = doc.RootElement;
            Assert.Equal(ours.Count, root.GetProperty("rows").GetInt32());
            Assert.Equal(ours.Dimension, root.GetProperty("dim").GetInt32());
            Assert.Equal(ours.Xs.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)), root.GetProperty("x").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(ours.Ys.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)), root.GetProperty("y").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(expectedBytes, root.GetProperty("embedding_base64").GetString());
        }

        Assert.Equal($"DataType(FixedSizeList(DataType(Float32),{ours.Dimension}))", polars.RootElement.GetProperty("dtypes").GetProperty("embedding").GetString());
        var metadata = js.RootElement.GetProperty("metadata");
        Assert.Equal(ours.Metadata["slideembed.provenance"], metadata.GetProperty("slideembed.provenance").GetString());
        Assert.Equal("1", metadata.GetProperty("slideembed.schema_version").GetString());

        var slideFile = Path.Combine(dir, "out", "tiny-cls", "interop.slide.arrow");
        using var slideJs = Node("read_arrow_js.mjs", slideFile);
        using var slidePolars = Node("read_polars.mjs", slideFile);
        Assert.Equal(1, slideJs.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(slideJs.RootElement.GetProperty("embedding_base64").GetString(), slidePolars.RootElement.GetProperty("embedding_base64").GetString());
    }

    [Fact]
    public void TensorExtension_On_ArrowJsStillReadsAndSeesTheAnnotation()
    {
        RequireNodeReaders();
        using var dir = new TempFolder();
        var slide = TestSlides.Write(dir, "ext.svs");
        var (code, _, error) = CliRunner.Run("embed", slide, "--model", TinyModel, "--out", Path.Combine(dir, "out"), "--tensor-extension");
        Assert.True(code == ExitCodes.Success, error);
        var tiles = Path.Combine(dir, "out", "tiny-cls", "ext.tiles.arrow");
        var ours = TileEmbeddingFile.Read(tiles);

        using var js = Node("read_arrow_js.mjs", tiles);

        var field = js.RootElement.GetProperty("embedding_field_metadata");
        Assert.Equal("arrow.fixed_shape_tensor", field.GetProperty("ARROW:extension:name").GetString());
        Assert.Equal($"{{\"shape\":[{ours.Dimension}]}}", field.GetProperty("ARROW:extension:metadata").GetString());
        Assert.Equal(Convert.ToBase64String(MemoryMarshal.AsBytes(ours.Embeddings.AsSpan())), js.RootElement.GetProperty("embedding_base64").GetString());
    }

    internal static string TinyModel => Path.Combine(TestAssets.RepoRoot, "tests", "models", "tiny-cls.json");

    private static void RequireNodeReaders()
    {
        if (!Directory.Exists(Path.Combine(JsDir, "node_modules", "apache-arrow")) || !Directory.Exists(Path.Combine(JsDir, "node_modules", "nodejs-polars")))
        {
            const string reason = "The npm readers are not installed: run 'npm install' in tools/js (tools/test.sh does).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(reason + " CI must run these tests.");
            }

            Assert.Skip(reason);
        }
    }

    private static JsonDocument Node(string script, string file)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = JsDir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(file);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"node {script} failed: {stderr}");
        return JsonDocument.Parse(stdout);
    }
}
