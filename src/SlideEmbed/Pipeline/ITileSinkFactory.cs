using SlideEmbed.Models;
using SlideEmbed.Tiling;

namespace SlideEmbed.Pipeline;

/// <summary>Creates the file a slide's tile embeddings are written to (the Arrow writer in production).</summary>
public interface ITileSinkFactory
{
    /// <summary>File name suffix of tile embedding files, e.g. <c>.tiles.arrow</c>.</summary>
    string Suffix { get; }

    /// <summary>The output format and its options (e.g. <c>arrow</c>, <c>arrow+tensor-extension</c>), recorded in the configuration digest.</summary>
    string Format { get; }

    /// <summary>Opens a sink.</summary>
    /// <param name="path">Target path.</param>
    /// <param name="slideId">Slide id.</param>
    /// <param name="grid">The slide's tiles.</param>
    /// <param name="dimension">Embedding dimension.</param>
    /// <param name="precision">Embedding element type.</param>
    /// <param name="metadata">Provenance metadata.</param>
    /// <returns>The sink.</returns>
    ICommittableTileSink Create(string path, string slideId, TileGrid grid, int dimension, ModelPrecision precision, IReadOnlyDictionary<string, string> metadata);

    /// <summary>The schema metadata of a complete tile file, or null when the file is missing or not a complete, readable file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Metadata key/values or null.</returns>
    IReadOnlyDictionary<string, string>? TryReadMetadata(string path);
}
