using System.IO.Compression;
using System.Text.Json;
using SlideEmbed.Segmentation;
using SlideEmbed.TestSupport;

namespace SlideEmbed.OpenSlide.Tests;

/// <summary>
/// GrandQC's JPEG step against OpenCV: tests/goldens/jpeg holds synthetic tiles and
/// <c>cv2.imdecode(cv2.imencode('.jpg', rgb, [IMWRITE_JPEG_QUALITY, 80]))</c> of each (OpenCV 4.6 over
/// libjpeg-turbo 2.1, tools/make_jpeg_goldens.py). The libjpeg-turbo round trip must equal it byte for byte.
/// </summary>
public sealed class TurboJpegRoundTripTests
{
    private static readonly SegmenterJpeg s_grandQc = new(80, SegmenterJpegVariant.OpencvBgrQuirk);

    public static TheoryData<string> Tiles() => new(Index().GetProperty("tiles").EnumerateArray().Select(t => t.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(Tiles))]
    public void RoundTrip_OpencvBgrQuirkQ80_EqualsOpenCvByteForByte(string name)
    {
        RequireTurboJpeg();
        var tile = Index().GetProperty("tiles").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);
        int width = tile.GetProperty("width").GetInt32(), height = tile.GetProperty("height").GetInt32();
        var pixels = ReadGolden(name + ".rgb.gz");
        var expected = ReadGolden(name + ".q80.rgb.gz");
        Assert.Equal(width * height * 3, pixels.Length);
        // The golden must be a real change, or equality would prove nothing.
        Assert.NotEqual(expected, pixels);

        TurboJpegRoundTrip.Create().RoundTrip(pixels, width, height, s_grandQc);

        var differing = pixels.Zip(expected, (a, b) => a != b).Count(d => d);
        var worst = pixels.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(differing == 0, $"{name}: {differing} of {pixels.Length} bytes differ from OpenCV (max abs difference {worst})");
    }

    [Fact]
    public void RoundTrip_ChannelsInRgbOrder_DiffersFromTheQuirk()
    {
        // The quirk matters: the same codec fed the true channel order (luma weights on the right
        // channels) gives other bytes, so the golden comparison above pins the channel order.
        RequireTurboJpeg();
        var pixels = ReadGolden("he-blocks.rgb.gz");
        var expected = ReadGolden("he-blocks.q80.rgb.gz");
        var swapped = new byte[pixels.Length];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            (swapped[i], swapped[i + 1], swapped[i + 2]) = (pixels[i + 2], pixels[i + 1], pixels[i]);
        }

        TurboJpegRoundTrip.Create().RoundTrip(swapped, 256, 256, s_grandQc);
        for (var i = 0; i < swapped.Length; i += 3)
        {
            (swapped[i], swapped[i + 2]) = (swapped[i + 2], swapped[i]);
        }

        Assert.NotEqual(expected, swapped);
    }

    [Fact]
    public void RoundTrip_ConcurrentCalls_SameBytes()
    {
        RequireTurboJpeg();
        var codec = TurboJpegRoundTrip.Create();
        var expected = ReadGolden("odd-size.q80.rgb.gz");
        var results = new byte[8][];
        Parallel.For(0, results.Length, i =>
        {
            var pixels = ReadGolden("odd-size.rgb.gz");
            codec.RoundTrip(pixels, 117, 203, s_grandQc);
            results[i] = pixels;
        });

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    private static JsonElement Index()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestAssets.GoldensDir, "jpeg", "index.json")));
        return document.RootElement.Clone();
    }

    private static byte[] ReadGolden(string file)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(TestAssets.GoldensDir, "jpeg", file)), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static void RequireTurboJpeg()
    {
        if (!TurboJpegRoundTrip.LibraryAvailable)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "libturbojpeg0 is not installed (tools/install-deps.sh installs it).");
            Assert.Skip("libturbojpeg0 is not installed: apt-get install -y libturbojpeg0");
        }
    }
}
