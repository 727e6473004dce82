namespace SlideEmbed.Pipeline;

/// <summary>Turns a slide's tile file into its slide-level file (aggregation); implemented over Arrow files.</summary>
public interface ISlideLevelStep
{
    /// <summary>The aggregator's name, recorded in the configuration digest.</summary>
    string Name { get; }

    /// <summary>Path of the slide-level file for a slide id in a folder.</summary>
    /// <param name="outDir">Model output folder.</param>
    /// <param name="slideId">Slide id.</param>
    /// <returns>The path.</returns>
    string PathFor(string outDir, string slideId);

    /// <summary>Aggregates the tile file into the slide-level file, atomically.</summary>
    /// <param name="tilesFile">The slide's complete tile embedding file.</param>
    /// <param name="slideId">Slide id.</param>
    /// <param name="outDir">Model output folder.</param>
    /// <returns>The slide-level file written.</returns>
    string Write(string tilesFile, string slideId, string outDir);
}
