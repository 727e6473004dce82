using SlideEmbed.Arrow;
using SlideEmbed.Models;
using SlideEmbed.Pipeline;

namespace SlideEmbed.Cli.Commands;

/// <summary>Builds the slide-level step named by <c>--slide-encoder</c>.</summary>
public static class SlideLevelSteps
{
    /// <summary>Creates the step, or null for <c>none</c>.</summary>
    /// <param name="name"><c>mean</c>, <c>max</c>, <c>gigapath-slide</c> or <c>none</c>.</param>
    /// <param name="tileModel">The tile encoder's manifest.</param>
    /// <param name="tensorExtension">Annotate embeddings as fixed-shape tensors.</param>
    /// <returns>The step or null.</returns>
    /// <exception cref="ArgumentException">Unknown name, or an aggregator incompatible with the tile encoder.</exception>
    public static ISlideLevelStep? Create(string name, ModelManifest tileModel, bool tensorExtension)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tileModel);
        var aggregation = Aggregations.Create(name, tileModel);
        return aggregation is null ? null : new ArrowSlideLevelStep(aggregation, tileModel.Name, tensorExtension);
    }
}
