using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace SlideEmbed.Arrow;

/// <summary>Reads a tile embedding file back: coordinates, status and embeddings (float16 widened to float32).</summary>
public sealed class TileEmbeddingFile
{
    private TileEmbeddingFile(string slideId, int dimension, long[] xs, long[] ys, bool[] ok, float[] embeddings, IReadOnlyDictionary<string, string> metadata)
    {
        SlideId = slideId;
        Dimension = dimension;
        Xs = xs;
        Ys = ys;
        Ok = ok;
        Embeddings = embeddings;
        Metadata = metadata;
    }

    /// <summary>Slide id (from the first row; empty for an empty file).</summary>
    public string SlideId { get; }

    /// <summary>Embedding dimension.</summary>
    public int Dimension { get; }

    /// <summary>Tile x, level-0 pixels.</summary>
    public long[] Xs { get; }

    /// <summary>Tile y, level-0 pixels.</summary>
    public long[] Ys { get; }

    /// <summary>Whether each tile was read (its embedding is valid).</summary>
    public bool[] Ok { get; }

    /// <summary>Embeddings, <c>Count x Dimension</c> row-major (NaN rows for failed tiles).</summary>
    public float[] Embeddings { get; }

    /// <summary>Schema metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Rows.</summary>
    public int Count => Xs.Length;

    /// <summary>Reads a file.</summary>
    /// <param name="path">The tile embedding file.</param>
    /// <returns>Its content.</returns>
    /// <exception cref="InvalidDataException">Not a tile embedding file.</exception>
    public static TileEmbeddingFile Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var schema = reader.Schema;
        var field = schema.GetFieldByName(TileEmbeddingSchema.EmbeddingColumn)
            ?? throw new InvalidDataException($"'{path}' has no '{TileEmbeddingSchema.EmbeddingColumn}' column; it is not a SlideEmbed tile embedding file.");
        var dim = ((FixedSizeListType)field.DataType).ListSize;
        var xs = new List<long>();
        var ys = new List<long>();
        var ok = new List<bool>();
        var values = new List<float>();
        var slideId = string.Empty;
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                var x = (Int64Array)batch.Column("x");
                var y = (Int64Array)batch.Column("y");
                var status = (UInt8Array)batch.Column("read_status");
                var ids = (StringArray)batch.Column("slide_id");
                var list = (FixedSizeListArray)batch.Column(TileEmbeddingSchema.EmbeddingColumn);
                for (var i = 0; i < batch.Length; i++)
                {
                    if (slideId.Length == 0)
                    {
                        slideId = ids.GetString(i);
                    }

                    xs.Add(x.GetValue(i)!.Value);
                    ys.Add(y.GetValue(i)!.Value);
                    ok.Add(status.GetValue(i) == (byte)TileReadStatus.Ok && list.IsValid(i));
                    var start = (list.Offset + i) * dim;
                    if (list.Values is FloatArray f)
                    {
                        values.AddRange(f.Values.Slice(start, dim).ToArray());
                    }
                    else
                    {
                        var h = (HalfFloatArray)list.Values;
                        for (var k = 0; k < dim; k++)
                        {
                            values.Add((float)h.GetValue(start + k)!.Value);
                        }
                    }
                }
            }
        }

        var metadata = schema.Metadata is { } m ? new Dictionary<string, string>(m) : new Dictionary<string, string>();
        return new TileEmbeddingFile(slideId, dim, [.. xs], [.. ys], [.. ok], [.. values], metadata);
    }
}
