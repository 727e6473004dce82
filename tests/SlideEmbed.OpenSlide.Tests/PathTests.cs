using SlideEmbed.TestSupport;

namespace SlideEmbed.OpenSlide.Tests;

public sealed class PathTests
{
    [Fact]
    public void Open_PathWithNonAsciiAndSpaces_OpensAndReadsSamePixels()
    {
        var original = TestAssets.SharedSlide("small.svs");
        using var root = new TempFolder();
        var dir = Path.Combine(root, "Präparat Ölfarbe 😐 日本");
        Directory.CreateDirectory(dir);
        var copy = Path.Combine(dir, "slide with spaces ñ.svs");
        File.Copy(original, copy);
        using var a = new OpenSlideOpener().Open(original);
        using var b = new OpenSlideOpener().Open(copy);
        var pa = new byte[16 * 16 * 3];
        var pb = new byte[16 * 16 * 3];
        a.ReadRegion(0, 0, 0, 16, 16, pa);
        b.ReadRegion(0, 0, 0, 16, 16, pb);

        Assert.Equal(copy, b.Path);
        Assert.Equal("aperio", new OpenSlideOpener().DetectVendor(copy));
        Assert.Equal(pa, pb);
    }
}
