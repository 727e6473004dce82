using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using SlideEmbed.Models;
using SlideEmbed.Output;
using SlideEmbed.Pipeline;
using SlideEmbed.Tiling;

namespace SlideEmbed.Arrow;

/// <summary>
/// Streams a slide's tile embeddings into an Arrow IPC file (schema in docs/FORMAT.md), one record
/// batch per <see cref="RowsPerBatch"/> tiles, so memory stays bounded for any tile count. The file
/// appears under its name only on <see cref="Commit"/>; disposing without committing leaves nothing.
/// </summary>
/// <remarks>Not thread-safe: the pipeline's writer stage calls <see cref="Add"/> from one thread, in tile order.</remarks>
public sealed class TileEmbeddingFileWriter : ICommittableTileSink
{
    /// <summary>Tiles per record batch.</summary>
    public const int RowsPerBatch = 16384;

    private readonly AtomicFileWriter _file;
    private readonly ArrowFileWriter _writer;
    private readonly Schema _schema;
    private readonly string _slideId;
    private readonly TileGrid _grid;
    private readonly int _dimension;
    private readonly ModelPrecision _precision;
    private readonly List<(Tile Tile, float[]? Embedding, string? Error)> _rows = new(RowsPerBatch);
    private bool _closed;

    /// <summary>Opens the file for writing.</summary>
    /// <param name="path">Target path (conventionally <c>&lt;slide&gt;.tiles.arrow</c>).</param>
    /// <param name="slideId">Slide id repeated in every row.</param>
    /// <param name="grid">The slide's tile grid.</param>
    /// <param name="dimension">Embedding dimension D.</param>
    /// <param name="precision">Element type of the embedding column.</param>
    /// <param name="metadata">Schema metadata (provenance).</param>
    /// <param name="tensorExtension">Annotate the embedding column as <c>arrow.fixed_shape_tensor</c> (off by default: polars rejects extension columns).</param>
    public TileEmbeddingFileWriter(string path, string slideId, TileGrid grid, int dimension, ModelPrecision precision, IReadOnlyDictionary<string, string> metadata, bool tensorExtension = false)
    {
        ArgumentNullException.ThrowIfNull(grid);
        _slideId = slideId;
        _grid = grid;
        _dimension = dimension;
        _precision = precision;
        _schema = TileEmbeddingSchema.Build(dimension, precision, metadata, tensorExtension);
        _file = new AtomicFileWriter(path);
        try
        {
            _writer = new ArrowFileWriter(_file.Stream, _schema, leaveOpen: true);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    /// <summary>Rows added so far.</summary>
    public int Count { get; private set; }

    /// <inheritdoc />
    public void Add(Tile tile, ReadOnlySpan<float> embedding, string? readError)
    {
        if (readError is null && embedding.Length != _dimension)
        {
            throw new ArgumentException($"Embedding of tile {tile.Index} has {embedding.Length} values; expected {_dimension}.", nameof(embedding));
        }

        ObjectDisposedException.ThrowIf(_closed, this);
        _rows.Add((tile, readError is null ? embedding.ToArray() : null, readError));
        Count++;
        if (_rows.Count == RowsPerBatch)
        {
            try
            {
                Flush();
            }
            catch
            {
                // A batch that cannot be written (disk full, I/O error) ends the file: no temporary file stays behind.
                Close();
                throw;
            }
        }
    }

    /// <summary>Writes the remaining rows and the footer, flushes to disk and renames the file into place.</summary>
    /// <remarks>On failure the temporary file is deleted before the exception leaves.</remarks>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        try
        {
            if (_rows.Count > 0 || Count == 0)
            {
                Flush();
            }

            _writer.WriteEnd();
            _writer.Dispose();
            _file.Commit();
            _closed = true;
        }
        catch
        {
            Close();
            throw;
        }
    }

    /// <summary>Discards the file unless <see cref="Commit"/> ran.</summary>
    public void Dispose() => Close();

    private void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            _writer.Dispose();
        }
        finally
        {
            _file.Dispose();
        }
    }

    private void Flush()
    {
        var n = _rows.Count;
        var status = new UInt8Array.Builder();
        var errors = new StringArray.Builder();
        var validity = new ArrowBuffer.BitmapBuilder(n);
        var nulls = 0;
        foreach (var (tile, embedding, error) in _rows)
        {
            status.Append(error is null ? (byte)TileReadStatus.Ok : (byte)TileReadStatus.ReadFailed);
            if (error is null)
            {
                errors.AppendNull();
            }
            else
            {
                errors.Append(error);
            }

            validity.Append(embedding is not null);
            nulls += embedding is null ? 1 : 0;
        }

        var values = BuildValues(n);
        var listType = (FixedSizeListType)_schema.GetFieldByName(TileEmbeddingSchema.EmbeddingColumn).DataType;
        var embeddingArray = new FixedSizeListArray(listType, n, values, nulls == 0 ? ArrowBuffer.Empty : validity.Build(), nulls);

        IArrowArray[] columns =
        [
            .. TileColumns.Build(_slideId, _grid, _rows.Select(r => r.Tile)),
            status.Build(), errors.Build(), embeddingArray,
        ];
        using var batch = new RecordBatch(_schema, columns, n);
        _writer.WriteRecordBatch(batch);
        _rows.Clear();
    }

    private IArrowArray BuildValues(int n)
    {
        if (_precision == ModelPrecision.Fp16)
        {
            var b = new HalfFloatArray.Builder().Reserve(n * _dimension);
            foreach (var (_, embedding, _) in _rows)
            {
                for (var k = 0; k < _dimension; k++)
                {
                    b.Append(embedding is null ? Half.NaN : (Half)embedding[k]);
                }
            }

            return b.Build();
        }

        var f = new FloatArray.Builder().Reserve(n * _dimension);
        foreach (var (_, embedding, _) in _rows)
        {
            if (embedding is null)
            {
                for (var k = 0; k < _dimension; k++)
                {
                    f.Append(float.NaN);
                }
            }
            else
            {
                f.AppendRange(embedding);
            }
        }

        return f.Build();
    }
}
