using System.CommandLine;

namespace SlideEmbed.Cli.Commands;

/// <summary>Options shared by several commands, defined once so their names and help agree.</summary>
public static class CommonOptions
{
    /// <summary><c>--slide-mpp</c>: level-0 microns per pixel for slides whose file has none.</summary>
    /// <returns>A new option instance.</returns>
    public static Option<double?> Mpp() => new("--slide-mpp")
    {
        Description = "Level-0 microns per pixel to use for slides whose metadata has none (the last link of the resolution chain).",
    };

    /// <summary><c>--slide-mpp-csv</c>: a CSV of slide,mpp rows.</summary>
    /// <returns>A new option instance.</returns>
    public static Option<string?> MppCsv() => new("--slide-mpp-csv")
    {
        Description = "CSV file with rows 'slide,mpp' (slide = path, file name or name without extension) giving level-0 microns per pixel for slides whose metadata has none.",
    };
}
