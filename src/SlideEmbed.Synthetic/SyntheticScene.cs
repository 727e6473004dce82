using SlideEmbed.Imaging;
using SlideEmbed.Synthetic.Shapes;

namespace SlideEmbed.Synthetic;

/// <summary>
/// The analytic content of a synthetic slide with exact ground truth: tissue shapes in level-0
/// pixel coordinates on a flat background, tissue coloured by <see cref="TissueColors"/>.
/// </summary>
/// <remarks>
/// <para>A point is tissue when any shape contains it (<see cref="TissueShape.Contains"/>: inside the
/// outer boundary, in none of its holes). Its colour is <see cref="ExpectedColor"/>.</para>
/// <para>Sampling rule: pixel (i, j) of an image at downsample d shows the scene at its centre mapped to
/// level 0, ((i + 0.5) * d, (j + 0.5) * d), with no anti-aliasing. Every pyramid level of a written
/// slide, <see cref="RenderRegion"/> and <see cref="RenderTissueMask(int, int, double)"/> follow it, bit for bit.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed partial class SyntheticScene
{
    /// <summary>Creates a scene.</summary>
    /// <param name="shapes">The tissue shapes, level-0 pixels; may extend beyond the slide.</param>
    /// <param name="background">Colour of everything that is not tissue.</param>
    /// <param name="tissueColors">How tissue is coloured.</param>
    /// <param name="seed">Seed of the tissue texture.</param>
    public SyntheticScene(IEnumerable<TissueShape> shapes, RgbColor background, TissueColors tissueColors, int seed)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(tissueColors);
        var list = shapes.ToArray();
        if (Array.IndexOf(list, null) >= 0)
        {
            throw new ArgumentException("A shape is null.", nameof(shapes));
        }

        Shapes = Array.AsReadOnly(list);
        Background = background;
        TissueColors = tissueColors;
        Seed = seed;
    }

    /// <summary>The tissue shapes, level-0 pixels.</summary>
    public IReadOnlyList<TissueShape> Shapes { get; }

    /// <summary>The background colour.</summary>
    public RgbColor Background { get; }

    /// <summary>The tissue palette and texture.</summary>
    public TissueColors TissueColors { get; }

    /// <summary>Seed of the tissue texture.</summary>
    public int Seed { get; }

    /// <summary>Sum of the shapes' areas in square level-0 pixels (the tissue area when shapes do not overlap).</summary>
    public double TissueArea => Shapes.Sum(s => s.Area);

    /// <summary>Whether a level-0 point is tissue.</summary>
    /// <param name="x0">X in level-0 pixels.</param>
    /// <param name="y0">Y in level-0 pixels.</param>
    /// <returns>True when some shape contains the point.</returns>
    public bool IsTissue(double x0, double y0)
    {
        foreach (var shape in Shapes)
        {
            if (shape.Contains(x0, y0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The exact colour the scene has at a level-0 point (what a losslessly written slide stores for a pixel centred there).</summary>
    /// <param name="x0">X in level-0 pixels.</param>
    /// <param name="y0">Y in level-0 pixels.</param>
    /// <returns><see cref="Background"/> off tissue, the textured tissue colour on it.</returns>
    public RgbColor ExpectedColor(double x0, double y0) =>
        IsTissue(x0, y0) ? TissueColors.At(x0, y0, Seed) : Background;

    /// <summary>Level-0 coordinate of the centre of pixel <paramref name="index"/> of an image at <paramref name="downsample"/>: (index + 0.5) * downsample.</summary>
    /// <param name="index">Pixel column or row in the image.</param>
    /// <param name="downsample">Level-0 pixels per image pixel.</param>
    /// <returns>The level-0 coordinate.</returns>
    public static double PixelCenter(long index, double downsample) => Rendering.SampleRow.Center(index, downsample);
}
