using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace SlideEmbed.Arrow;

/// <summary>
/// The readable tiles of a tile embedding file (rows with <c>read_status</c> 0 and a non-null
/// embedding), in the file's row order, read once straight into exact-size arrays: what a slide
/// aggregator takes. Failed rows are skipped.
/// </summary>
/// <remarks>
/// Needs the columns <c>slide_id</c>, <c>x</c>, <c>y</c>, <c>read_status</c> and <c>embedding</c>
/// (float32 or float16, widened to float32). The buffers are sized from the file's record batch
/// headers before any batch is read, so the peak is the result plus one record batch.
/// </remarks>
public sealed class ReadableTileEmbeddings
{
    private static readonly string[] s_requiredColumns = ["slide_id", "x", "y", "read_status", TileEmbeddingSchema.EmbeddingColumn];

    private ReadableTileEmbeddings()
    {
    }

    /// <summary>Slide id (from the first row; empty for an empty file).</summary>
    public string SlideId { get; private init; } = string.Empty;

    /// <summary>Embedding dimension D.</summary>
    public int Dimension { get; private init; }

    /// <summary>Rows in the file, readable or not.</summary>
    public int Rows { get; private init; }

    /// <summary>Readable tiles: the length of <see cref="Xs"/> and <see cref="Ys"/>.</summary>
    public int Count { get; private init; }

    /// <summary>The readable tiles' embeddings, <c>Count x Dimension</c> row-major, exactly that long.</summary>
    public float[] Embeddings { get; private init; } = [];

    /// <summary>The readable tiles' x (left), level-0 pixels.</summary>
    public long[] Xs { get; private init; } = [];

    /// <summary>The readable tiles' y (top), level-0 pixels.</summary>
    public long[] Ys { get; private init; } = [];

    /// <summary>Schema metadata of the file.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; private init; } = new Dictionary<string, string>();

    /// <summary>Reads a tile embedding file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its readable tiles.</returns>
    /// <exception cref="InvalidDataException">Not an Arrow file, or a required column is missing or of another type; the message names the file.</exception>
    public static ReadableTileEmbeddings Read(string path)
    {
        using var stream = File.OpenRead(path);
        var total = ArrowFileRows.Count(stream);
        if (total > int.MaxValue)
        {
            throw new InvalidDataException($"'{path}' has {total} rows; at most {int.MaxValue} are supported.");
        }

        using var reader = new ArrowFileReader(stream);
        var schema = reader.Schema;
        foreach (var column in s_requiredColumns)
        {
            if (schema.GetFieldByName(column) is null)
            {
                throw new InvalidDataException($"'{path}' has no '{column}' column; a tile embedding file needs {string.Join(", ", s_requiredColumns)} (docs/FORMAT.md).");
            }
        }

        if (schema.GetFieldByName(TileEmbeddingSchema.EmbeddingColumn).DataType is not FixedSizeListType { ValueDataType: FloatType or HalfFloatType } listType)
        {
            throw new InvalidDataException($"'{path}': the '{TileEmbeddingSchema.EmbeddingColumn}' column is not a fixed-size list of float32 or float16.");
        }

        var dim = listType.ListSize;
        var rows = (int)total;
        var embeddings = new float[(long)rows * dim];
        var xs = new long[rows];
        var ys = new long[rows];
        var count = 0;
        var seen = 0;
        var slideId = string.Empty;
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                if (seen + batch.Length > rows)
                {
                    throw new InvalidDataException($"'{path}' holds more rows than its record batch headers say.");
                }

                seen += batch.Length;
                count = CopyReadable(batch, dim, embeddings, xs, ys, count, ref slideId, path);
            }
        }

        if (count < rows)
        {
            // Only when tiles failed: trim to the readable ones (one copy of the result).
            System.Array.Resize(ref embeddings, count * dim);
            System.Array.Resize(ref xs, count);
            System.Array.Resize(ref ys, count);
        }

        var metadata = schema.Metadata is { } m ? new Dictionary<string, string>(m) : new Dictionary<string, string>();
        return new ReadableTileEmbeddings
        {
            SlideId = slideId, Dimension = dim, Rows = rows, Count = count, Embeddings = embeddings, Xs = xs, Ys = ys, Metadata = metadata,
        };
    }

    private static int CopyReadable(RecordBatch batch, int dim, float[] embeddings, long[] xs, long[] ys, int count, ref string slideId, string path)
    {
        if (batch.Column("x") is not Int64Array x || batch.Column("y") is not Int64Array y
            || batch.Column("read_status") is not UInt8Array status || batch.Column("slide_id") is not StringArray ids
            || batch.Column(TileEmbeddingSchema.EmbeddingColumn) is not FixedSizeListArray list)
        {
            throw new InvalidDataException($"'{path}': x and y must be int64, read_status uint8, slide_id utf8 and {TileEmbeddingSchema.EmbeddingColumn} a fixed-size list.");
        }

        for (var i = 0; i < batch.Length; i++)
        {
            if (slideId.Length == 0)
            {
                slideId = ids.GetString(i);
            }

            if (status.GetValue(i) != (byte)TileReadStatus.Ok || !list.IsValid(i))
            {
                continue;
            }

            var start = (list.Offset + i) * dim;
            var target = embeddings.AsSpan(count * dim, dim);
            if (list.Values is FloatArray f)
            {
                f.Values.Slice(start, dim).CopyTo(target);
            }
            else
            {
                var halves = ((HalfFloatArray)list.Values).Values.Slice(start, dim);
                for (var k = 0; k < dim; k++)
                {
                    target[k] = (float)halves[k];
                }
            }

            xs[count] = x.GetValue(i)!.Value;
            ys[count] = y.GetValue(i)!.Value;
            count++;
        }

        return count;
    }
}
