using Apache.Arrow;

namespace SlideEmbed.Arrow;

/// <summary>
/// One record batch of a tile embedding file, with the columns search and token assignment need.
/// Float32 embeddings are read in place (no copy); float16 ones are widened into a buffer of the reader.
/// </summary>
/// <remarks>Valid until the reader moves to the next batch or is disposed.</remarks>
public sealed class TileEmbeddingBatch
{
    private readonly RecordBatch _batch;
    private readonly FloatArray? _floats;
    private readonly int _start;
    private readonly ReadOnlyMemory<float> _widened;

    internal TileEmbeddingBatch(RecordBatch batch, long firstRow, int dimension, FloatArray? floats, int start, ReadOnlyMemory<float> widened)
    {
        _batch = batch;
        FirstRow = firstRow;
        Dimension = dimension;
        _floats = floats;
        _start = start;
        _widened = widened;
    }

    /// <summary>Row number of the batch's first row in the file.</summary>
    public long FirstRow { get; }

    /// <summary>Rows in the batch.</summary>
    public int Count => _batch.Length;

    /// <summary>Embedding dimension.</summary>
    public int Dimension { get; }

    /// <summary>Embeddings, <c>Count x Dimension</c> row-major; rows of unread tiles hold NaN.</summary>
    public ReadOnlySpan<float> Embeddings => _floats is null ? _widened.Span : _floats.Values.Slice(_start, Count * Dimension);

    /// <summary>The <c>tile_index</c> column.</summary>
    public ReadOnlySpan<int> TileIndex => ((Int32Array)_batch.Column("tile_index")).Values;

    /// <summary>The <c>x</c> column, level-0 pixels.</summary>
    public ReadOnlySpan<long> X => ((Int64Array)_batch.Column("x")).Values;

    /// <summary>The <c>y</c> column, level-0 pixels.</summary>
    public ReadOnlySpan<long> Y => ((Int64Array)_batch.Column("y")).Values;

    /// <summary>The <c>level0_tile_size</c> column.</summary>
    public ReadOnlySpan<long> Level0TileSize => ((Int64Array)_batch.Column("level0_tile_size")).Values;

    /// <summary>Whether row <paramref name="i"/> was read and embedded.</summary>
    /// <param name="i">Row in the batch.</param>
    /// <returns>True when its embedding is valid.</returns>
    public bool IsOk(int i) =>
        ((UInt8Array)_batch.Column("read_status")).GetValue(i) == (byte)TileReadStatus.Ok && _batch.Column(TileEmbeddingSchema.EmbeddingColumn).IsValid(i);
}
