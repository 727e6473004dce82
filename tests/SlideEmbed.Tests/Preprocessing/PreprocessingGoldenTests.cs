using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using SlideEmbed.Preprocessing;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Preprocessing;

/// <summary>Resize, crop and normalise against Pillow / torchvision goldens (tools/make_resize_goldens.py).</summary>
public sealed class PreprocessingGoldenTests
{
    private static string Dir => Path.Combine(TestAssets.GoldensDir, "resize");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "cases.json")));
        foreach (var tile in doc.RootElement.GetProperty("tiles").EnumerateArray())
        {
            foreach (var c in tile.GetProperty("cases").EnumerateArray())
            {
                data.Add(tile.GetProperty("name").GetString()!, c.GetProperty("case").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resize_FixtureTile_EqualsPillowWithinOneGreyLevel(string tile, string caseName)
    {
        var (width, height, input, c) = Load(tile, caseName);
        var size = c.GetProperty("size").GetInt32();
        var filter = Enum.Parse<Interpolation>(c.GetProperty("filter").GetString()!, ignoreCase: true);
        var expected = ReadGz($"{tile}.{caseName}.rgb.gz");
        var actual = new byte[size * size * 3];
        var scratch = new byte[PilResampler.ScratchBytes(width, height, size, size, filter)];

        PilResampler.Resize(input, width, height, actual, size, size, filter, scratch);

        var maxDiff = 0;
        var differing = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs(expected[i] - actual[i]);
            maxDiff = Math.Max(maxDiff, d);
            differing += d > 0 ? 1 : 0;
        }

        Assert.True(maxDiff <= 1, $"max difference {maxDiff} grey levels");
        // The arithmetic is Pillow's own, so in practice every byte agrees.
        Assert.Equal(0, differing);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Process_FixtureTile_EqualsTorchvisionTensorWithin1e6(string tile, string caseName)
    {
        var (width, height, input, c) = Load(tile, caseName);
        if (!c.TryGetProperty("tensor_file", out var file))
        {
            return; // this case has a resize golden only (floats compress poorly)
        }

        var crop = c.GetProperty("crop").ValueKind == JsonValueKind.Null ? (int?)null : c.GetProperty("crop").GetInt32();
        var transform = new TileTransform
        {
            ResizeSize = c.GetProperty("size").GetInt32(),
            Interpolation = Enum.Parse<Interpolation>(c.GetProperty("filter").GetString()!, ignoreCase: true),
            CropSize = crop,
        };
        var expected = MemoryMarshal.Cast<byte, float>(ReadGz(file.GetString()!)).ToArray();
        var pre = new TilePreprocessor(transform);
        var actual = new float[expected.Length];

        pre.Process(input, width, height, actual, new byte[pre.ScratchBytes(width, height)]);

        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-6f, $"max abs difference {worst}");
    }

    [Fact]
    public void Process_Half_RoundsTheFloatResult()
    {
        var pre = new TilePreprocessor(new TileTransform { ResizeSize = 4, CropSize = 2 });
        var rgb = Enumerable.Range(0, 8 * 8 * 3).Select(i => (byte)(i * 5)).ToArray();
        var floats = new float[12];
        var halves = new Half[12];
        var scratch = new byte[pre.ScratchBytes(8, 8)];

        pre.Process(rgb, 8, 8, floats, scratch);
        pre.Process(rgb, 8, 8, halves, scratch);

        Assert.Equal(floats.Select(f => (Half)f), halves);
    }

    [Theory]
    [InlineData(10, 6, 2)] // (10 - 6) / 2 = 2
    [InlineData(7, 4, 2)]  // 1.5 -> 2 (half to even)
    [InlineData(5, 4, 0)]  // 0.5 -> 0 (half to even)
    [InlineData(9, 4, 2)]  // 2.5 -> 2 (half to even)
    public void CropWindow_UsesPythonRounding(int size, int crop, int expectedOffset)
    {
        var pre = new TilePreprocessor(new TileTransform { CropSize = crop });
        Assert.Equal((expectedOffset, expectedOffset, crop, crop), pre.CropWindow(size, size));
    }

    [Fact]
    public void ResizedSize_ShorterEdgeToSizeLongerTruncated()
    {
        var t = new TileTransform { ResizeSize = 224 };
        Assert.Equal((224, 298), t.ResizedSize(300, 400)); // 224 * 400 / 300 = 298.67
        Assert.Equal((298, 224), t.ResizedSize(400, 300));
        Assert.Equal((224, 224), t.ResizedSize(257, 257));
    }

    private static (int Width, int Height, byte[] Pixels, JsonElement Case) Load(string tile, string caseName)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "cases.json")));
        var t = doc.RootElement.GetProperty("tiles").EnumerateArray().Single(x => x.GetProperty("name").GetString() == tile);
        var c = t.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("case").GetString() == caseName);
        return (t.GetProperty("width").GetInt32(), t.GetProperty("height").GetInt32(), ReadGz($"{tile}.rgb.gz"), c.Clone());
    }

    private static byte[] ReadGz(string name)
    {
        using var file = File.OpenRead(Path.Combine(Dir, name));
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }
}
