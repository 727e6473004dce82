using SlideEmbed.OpenSlide;
using SlideEmbed.Slides;

namespace SlideEmbed.Synthetic.Tests;

/// <summary>Opens slides with OpenSlide, skipping the test with the reason when libopenslide is not installed.</summary>
internal static class SlideReader
{
    public static ISlideSource Open(string path)
    {
        try
        {
            return new OpenSlideOpener().Open(path);
        }
        catch (SlideLibraryUnavailableException e)
        {
            Assert.Skip($"OpenSlide is not installed, so written slides cannot be read back: {e.Message}");
            throw;
        }
    }

    /// <summary>A whole level as interleaved RGB.</summary>
    public static byte[] ReadLevel(ISlideSource slide, int level)
    {
        var l = slide.Levels[level];
        var rgb = new byte[checked((int)(l.Width * l.Height * 3))];
        slide.ReadRegion(0, 0, level, (int)l.Width, (int)l.Height, rgb);
        return rgb;
    }
}
