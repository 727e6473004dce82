using System.IO.Compression;
using System.Text.Json;
using SlideEmbed.Segmentation;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Segmentation;

/// <summary>
/// The segmenters' patch resize against OpenCV: tests/goldens/cvresize holds synthetic images and
/// <c>cv2.resize(..., INTER_LINEAR)</c> of each (OpenCV 4.6, tools/make_cvresize_goldens.py), up and
/// down, odd sizes; the C# resize must equal it byte for byte.
/// </summary>
public sealed class OpenCvLinearResizeTests
{
    public static TheoryData<string> Cases() => new(Index().GetProperty("cases").EnumerateArray().Select(t => t.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resize_Golden_EqualsOpenCvByteForByte(string name)
    {
        var entry = Index().GetProperty("cases").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);
        int sw = entry.GetProperty("source_width").GetInt32(), sh = entry.GetProperty("source_height").GetInt32();
        int w = entry.GetProperty("width").GetInt32(), h = entry.GetProperty("height").GetInt32();
        var source = ReadGolden(name + ".in.rgb.gz");
        var expected = ReadGolden(name + ".out.rgb.gz");
        Assert.Equal(sw * sh * 3, source.Length);
        var actual = new byte[w * h * 3];

        OpenCvLinearResize.Resize(source, sw, sh, actual, w, h);

        var differing = actual.Zip(expected, (a, b) => a != b).Count(d => d);
        var worst = actual.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(differing == 0, $"{name}: {differing} of {actual.Length} bytes differ from OpenCV (max abs difference {worst})");
    }

    [Fact]
    public void Resize_Golden_DiffersFromFloatBilinearWithRounding()
    {
        // The fixed-point arithmetic matters: exact float bilinear rounded to the nearest byte differs
        // from OpenCV somewhere, so the equality above pins the integer rules.
        var source = ReadGolden("down-1.7.in.rgb.gz");
        var expected = ReadGolden("down-1.7.out.rgb.gz");
        int sw = 219, sh = 163, w = 129, h = 97;
        var naive = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            var fy = Math.Max(0, ((y + 0.5) * sh / h) - 0.5);
            int y0 = (int)fy, y1 = Math.Min(y0 + 1, sh - 1);
            for (var x = 0; x < w; x++)
            {
                var fx = Math.Max(0, ((x + 0.5) * sw / w) - 0.5);
                int x0 = (int)fx, x1 = Math.Min(x0 + 1, sw - 1);
                for (var c = 0; c < 3; c++)
                {
                    double At(int yy, int xx) => source[(((yy * sw) + xx) * 3) + c];
                    var top = At(y0, x0) + ((fx - x0) * (At(y0, x1) - At(y0, x0)));
                    var bottom = At(y1, x0) + ((fx - x0) * (At(y1, x1) - At(y1, x0)));
                    naive[(((y * w) + x) * 3) + c] = (byte)Math.Round(top + ((fy - y0) * (bottom - top)));
                }
            }
        }

        Assert.NotEqual(expected, naive);
    }

    [Fact]
    public void Resize_SameSize_Copies()
    {
        var source = ReadGolden("mixed.in.rgb.gz");
        var actual = new byte[source.Length];

        OpenCvLinearResize.Resize(source, 97, 300, actual, 97, 300);

        Assert.Equal(source, actual);
    }

    private static JsonElement Index()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestAssets.GoldensDir, "cvresize", "index.json")));
        return document.RootElement.Clone();
    }

    private static byte[] ReadGolden(string file)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(TestAssets.GoldensDir, "cvresize", file)), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}
