using SlideEmbed.Models;
using SlideEmbed.Pipeline;
using SlideEmbed.Tiling;

namespace SlideEmbed.Arrow;

/// <summary>Writes tile embeddings as Arrow IPC files (<c>&lt;slide_id&gt;.tiles.arrow</c>).</summary>
/// <param name="tensorExtension">Annotate the embedding column as <c>arrow.fixed_shape_tensor</c>.</param>
public sealed class ArrowTileSinkFactory(bool tensorExtension = false) : ITileSinkFactory
{
    /// <inheritdoc />
    public string Suffix => ".tiles.arrow";

    /// <inheritdoc />
    public string Format => tensorExtension ? "arrow+tensor-extension" : "arrow";

    /// <inheritdoc />
    public ICommittableTileSink Create(string path, string slideId, TileGrid grid, int dimension, ModelPrecision precision, IReadOnlyDictionary<string, string> metadata) =>
        new TileEmbeddingFileWriter(path, slideId, grid, dimension, precision, metadata, tensorExtension);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string>? TryReadMetadata(string path) => ArrowMetadata.TryRead(path);
}
