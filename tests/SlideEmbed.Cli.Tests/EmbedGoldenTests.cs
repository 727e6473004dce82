using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// End to end against the reference stack: `slideembed embed` on CMU-1-Small-Region.svs with each tiny
/// test model equals the PyTorch module on the same tiles read by openslide-python and preprocessed by
/// PIL/torchvision (goldens from tools/make_test_models.py).
/// </summary>
public sealed class EmbedGoldenTests
{
    public static TheoryData<string> Models => new(["tiny-cls", "tiny-cls-mean-reg", "tiny-pooled"]);

    [Theory]
    [MemberData(nameof(Models))]
    public void Embed_TinyModelOnFixtureSlide_MatchesTorchWithin1e4(string model) => EmbedAndCompare(model, "cpu");

    [Fact]
    public void Embed_TwoCpuSessionsSharingTheWork_StillMatchesTorch() => EmbedAndCompare("tiny-cls", "cpu,cpu");

    private static void EmbedAndCompare(string model, string device)
    {
        var slide = TestAssets.SharedSlide("CMU-1-Small-Region.svs");
        using var dir = new TempFolder();
        var manifest = Path.Combine(TestAssets.RepoRoot, "tests", "models", model + ".json");
        var (code, _, error) = CliRunner.Run("embed", slide, "--model", manifest, "--out", dir, "--tissue", "none", "--min-tissue", "0", "--batch-size", "7", "--readers", "3", "--device", device, "--threads", "1");
        Assert.True(code == ExitCodes.Success, error);

        using var goldens = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "tests", "models", model + ".goldens.json")));
        var expected = goldens.RootElement.GetProperty("tiles").EnumerateArray()
            .ToDictionary(t => (t.GetProperty("x").GetInt64(), t.GetProperty("y").GetInt64()), t => t.GetProperty("embedding").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        var rows = ReadRows(Path.Combine(dir, model, "CMU-1-Small-Region.tiles.arrow"));

        Assert.Equal(expected.Count, rows.Count);
        var worst = 0.0;
        foreach (var (x, y, embedding) in rows)
        {
            Assert.True(expected.TryGetValue((x, y), out var golden), $"tile ({x}, {y}) is not in the reference grid");
            Assert.Equal(golden.Length, embedding.Length);
            for (var k = 0; k < golden.Length; k++)
            {
                worst = Math.Max(worst, Math.Abs(golden[k] - embedding[k]));
            }
        }

        Assert.True(worst <= 1e-4, $"max abs difference {worst}");
    }

    internal static List<(long X, long Y, float[] Embedding)> ReadRows(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var rows = new List<(long, long, float[])>();
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            var xs = (Int64Array)batch.Column("x");
            var ys = (Int64Array)batch.Column("y");
            var list = (FixedSizeListArray)batch.Column("embedding");
            var values = (FloatArray)list.Values;
            var d = ((Apache.Arrow.Types.FixedSizeListType)list.Data.DataType).ListSize;
            for (var i = 0; i < batch.Length; i++)
            {
                rows.Add((xs.GetValue(i)!.Value, ys.GetValue(i)!.Value, values.Values.Slice((list.Offset + i) * d, d).ToArray()));
            }

            batch.Dispose();
        }

        return rows;
    }
}
