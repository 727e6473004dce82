using SlideEmbed.Geometry;
using SlideEmbed.Synthetic;

namespace SlideEmbed.TestSupport;

/// <summary>Small synthetic slides for tests, written by the project's own writer (no downloads, exact ground truth).</summary>
public static class TestSlides
{
    /// <summary>Writes a small Aperio-style slide with tissue regions, holes and specks.</summary>
    /// <param name="dir">Folder.</param>
    /// <param name="name">File name (e.g. <c>a.svs</c>).</param>
    /// <param name="width">Level-0 width.</param>
    /// <param name="height">Level-0 height.</param>
    /// <param name="mpp">Level-0 microns per pixel.</param>
    /// <returns>The path written.</returns>
    public static string Write(string dir, string name, long width = 4000, long height = 3000, double mpp = 0.5)
    {
        var path = Path.Combine(dir, name);
        Directory.CreateDirectory(dir);
        SyntheticSlideWriter.Write(path, SyntheticSlides.TissueWithHoles(width, height, MicronsPerPixel.Isotropic(mpp), SyntheticSlideStyle.Aperio));
        return path;
    }
}
