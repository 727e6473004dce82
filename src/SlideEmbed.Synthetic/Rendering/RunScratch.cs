namespace SlideEmbed.Synthetic.Rendering;

/// <summary>Reusable lists for computing one row's runs; one per rendering call, never shared between threads.</summary>
internal sealed class RunScratch
{
    public List<double> Crossings { get; } = [];

    public List<PixelRun> Outer { get; set; } = [];

    public List<PixelRun> Hole { get; } = [];

    public List<PixelRun> Difference { get; set; } = [];

    public List<PixelRun> Row { get; } = [];
}
