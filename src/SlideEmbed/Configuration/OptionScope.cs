namespace SlideEmbed.Configuration;

/// <summary>
/// The commands that take a setting as a flag. The configuration file and the <c>SLIDEEMBED_*</c>
/// environment may hold every setting of <see cref="OptionTable"/> whatever the command (one file and one
/// environment serve them all), and every value is validated the same way wherever it is read.
/// </summary>
[Flags]
public enum OptionScope
{
    /// <summary>No command.</summary>
    None = 0,

    /// <summary><c>slideembed embed</c>, the batch run.</summary>
    Embed = 1,

    /// <summary><c>slideembed watch</c>, the drop-folder worker.</summary>
    Watch = 2,

    /// <summary><c>slideembed tiles</c>, tissue and tile grid without a model.</summary>
    Tiles = 4,

    /// <summary><c>slideembed inspect</c>.</summary>
    Inspect = 8,

    /// <summary>The embedding run, batch or worker.</summary>
    Run = Embed | Watch,

    /// <summary>Every command that tiles a slide.</summary>
    Tiling = Run | Tiles,

    /// <summary>Every command that opens a slide.</summary>
    Slides = Tiling | Inspect,
}
