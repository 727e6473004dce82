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

    /// <summary>Aggregates the slide's tile file into its slide-level file beside it, atomically.</summary>
    /// <param name="result">The slide's embedding result: its complete tile file, id and level-0 resolution.</param>
    /// <returns>The slide-level file written.</returns>
    string Write(SlideEmbeddingResult result);
}
