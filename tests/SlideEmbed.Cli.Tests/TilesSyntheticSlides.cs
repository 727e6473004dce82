using SlideEmbed.Geometry;
using SlideEmbed.Synthetic;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// The synthetic slides of the tissue-detection acceptance tests, written once per test class (about
/// 3 s) into a temporary folder deleted afterwards. Both tissue slides are
/// <see cref="SyntheticSlides.TissueWithHoles"/> covering 12 x 9 mm, JPEG quality 90.
/// </summary>
/// <remarks>
/// <para>
/// Sizes are chosen against the physical thresholds of the CLAM presets (one unit = a 128 um square =
/// 16,384 um^2; tcga a_t 16 / a_h 4, bwh_biopsy 1 / 1, bwh_resection 100 / 16). With
/// m = min(width, height) = 9,000 um:
/// </para>
/// <list type="bullet">
/// <item>holes: hexagon of radius 0.05 m = 450 um, 526,100 um^2 = 32.1 units; ellipse of 270 x 405 um
/// radii, 343,530 um^2 = 21.0 units; circle of radius 540 um, 916,090 um^2 = 55.9 units; every hole is
/// above the largest a_h (16 units, bwh_resection);</item>
/// <item>specks: discs of radius 0.005 m = 45 um, 6,362 um^2 = 0.39 units each, below the smallest a_t
/// (1 unit, bwh_biopsy);</item>
/// <item>regions: about 11.5 and 12.3 mm^2 net of holes (700 and 750 units), above the largest a_t (100 units).</item>
/// </list>
/// <para>
/// The double-pass Otsu method (TRIDENT/CellViT) drops objects under 60 px at 8 um/px = 3,840 um^2
/// and fills holes under 5,000 px = 320,000 um^2 (19.5 units): these specks are above its object
/// threshold, and the same speck-to-hole size ratio (1:54) cannot satisfy both of its thresholds
/// (1:83 needed) at any slide size, so it is measured (docs/TISSUE.md), not held to this test.
/// </para>
/// </remarks>
public sealed class TilesSyntheticSlides : IDisposable
{
    public TilesSyntheticSlides()
    {
        Folder = TestAssets.NewTempDir();

        // Aperio: 6000 x 4500 at 2 um/px, levels 1, 4, 16; tissue is detected on level 1 (8 um/px) as it is.
        AperioSpec = SyntheticSlides.TissueWithHoles(6000, 4500, MicronsPerPixel.Isotropic(2.0), SyntheticSlideStyle.Aperio);
        AperioPath = Write("aperio-2um.svs", AperioSpec);

        // Generic: 8000 x 6000 at 1.5 um/px, levels 1 and 2; level 1 (3 um/px) is box-averaged by 2 to 6 um/px.
        GenericSpec = SyntheticSlides.TissueWithHoles(8000, 6000, MicronsPerPixel.Isotropic(1.5)) with { Downsamples = [1, 2], Seed = 3 };
        GenericPath = Write("generic-1.5um.tiff", GenericSpec);

        // No tissue at all: 2000 x 1500 at 2 um/px, Aperio.
        BlankSpec = new SyntheticSlideSpec(2000, 1500, MicronsPerPixel.Isotropic(2.0)) { Style = SyntheticSlideStyle.Aperio };
        BlankPath = Write("blank.svs", BlankSpec);
    }

    public string Folder { get; }

    public SyntheticSlideSpec AperioSpec { get; }

    public string AperioPath { get; }

    public SyntheticSlideSpec GenericSpec { get; }

    public string GenericPath { get; }

    public SyntheticSlideSpec BlankSpec { get; }

    public string BlankPath { get; }

    /// <summary>The tissue slide written in a style: <c>aperio</c> or <c>generic</c>.</summary>
    public (string Path, SyntheticSlideSpec Spec) Get(string style) => style switch
    {
        "aperio" => (AperioPath, AperioSpec),
        "generic" => (GenericPath, GenericSpec),
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "aperio or generic"),
    };

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private string Write(string name, SyntheticSlideSpec spec) => SyntheticSlideWriter.Write(Path.Combine(Folder, name), spec).Path;
}
