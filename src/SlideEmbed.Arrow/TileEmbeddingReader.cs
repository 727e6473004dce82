using Apache.Arrow;
using Apache.Arrow.Types;

namespace SlideEmbed.Arrow;

/// <summary>
/// Streams a tile embedding file (docs/FORMAT.md) batch by batch in bounded memory, reading float32
/// embeddings in place from a memory map. Used by cohort tools that scan many slides.
/// </summary>
/// <remarks>Not thread-safe; a batch is valid until the next call to <see cref="Next"/>.</remarks>
public sealed class TileEmbeddingReader : IDisposable
{
    private readonly ArrowBatchReader _reader;
    private float[] _widened = [];
    private long _row;

    /// <summary>Opens a file.</summary>
    /// <param name="path">A <c>*.tiles.arrow</c> file with an embedding column.</param>
    /// <exception cref="InvalidDataException">Not a complete tile embedding file; the message names the file.</exception>
    public TileEmbeddingReader(string path)
    {
        Path = path;
        try
        {
            _reader = new ArrowBatchReader(path);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"'{path}' is not a readable Arrow file ({e.Message}).", e);
        }

        var field = _reader.Schema.GetFieldByName(TileEmbeddingSchema.EmbeddingColumn);
        if (field?.DataType is not FixedSizeListType list || _reader.Schema.GetFieldByName("x") is null || _reader.Schema.GetFieldByName("tile_index") is null)
        {
            _reader.Dispose();
            throw new InvalidDataException($"'{path}' has no '{TileEmbeddingSchema.EmbeddingColumn}' column; it is not a SlideEmbed tile embedding file (run 'slideembed embed' first).");
        }

        Dimension = list.ListSize;
        Metadata = _reader.Metadata;
        SlideId = System.IO.Path.GetFileName(path).Replace(".tiles.arrow", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Embedding dimension.</summary>
    public int Dimension { get; }

    /// <summary>The slide id: the file name without <c>.tiles.arrow</c> until a batch is read, then the <c>slide_id</c> column.</summary>
    public string SlideId { get; private set; }

    /// <summary>Schema metadata (provenance).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads the next batch.</summary>
    /// <returns>The batch, or null at the end of the file.</returns>
    public TileEmbeddingBatch? Next()
    {
        var batch = _reader.Next();
        if (batch is null)
        {
            return null;
        }

        if (batch.Length > 0)
        {
            SlideId = ((StringArray)batch.Column("slide_id")).GetString(0);
        }

        var list = (FixedSizeListArray)batch.Column(TileEmbeddingSchema.EmbeddingColumn);
        var count = batch.Length * Dimension;
        var start = list.Offset * Dimension;
        var floats = list.Values as FloatArray;
        var widened = floats is null ? Widen(((HalfFloatArray)list.Values).Values.Slice(start, count)) : ReadOnlyMemory<float>.Empty;
        var result = new TileEmbeddingBatch(batch, _row, Dimension, floats, start, widened);
        _row += batch.Length;
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    private ReadOnlyMemory<float> Widen(ReadOnlySpan<Half> values)
    {
        if (_widened.Length < values.Length)
        {
            _widened = new float[values.Length];
        }

        for (var i = 0; i < values.Length; i++)
        {
            _widened[i] = (float)values[i];
        }

        return _widened.AsMemory(0, values.Length);
    }
}
