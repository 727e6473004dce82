using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using SlideEmbed.Arrow;
using SlideEmbed.Models;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

public sealed class ReadableTileEmbeddingsTests
{
    [Theory]
    [InlineData(ModelPrecision.Fp32)]
    [InlineData(ModelPrecision.Fp16)]
    public void Read_FailedRowsOverSeveralBatches_ReadableRowsInFileOrderExactlySized(ModelPrecision precision)
    {
        using var dir = new TempFolder();
        const int rows = TileEmbeddingFileWriter.RowsPerBatch + 21;
        var path = TileFiles.Write(dir, "s", rows, 3, precision, i => i % 7 == 2, TileFiles.MinimalProvenance("m", 3));

        var tiles = ReadableTileEmbeddings.Read(path);

        var all = TileEmbeddingFile.Read(path);
        var keep = Enumerable.Range(0, rows).Where(i => all.Ok[i]).ToArray();
        Assert.Equal(rows, tiles.Rows);
        Assert.Equal(rows - ((rows + 4) / 7), keep.Length);
        Assert.Equal(keep.Length, tiles.Count);
        Assert.Equal("s", tiles.SlideId);
        Assert.Equal(3, tiles.Dimension);
        Assert.Equal(keep.Select(i => all.Xs[i]), tiles.Xs);
        Assert.Equal(keep.Select(i => all.Ys[i]), tiles.Ys);
        Assert.Equal(keep.SelectMany(i => all.Embeddings.AsSpan(i * 3, 3).ToArray()), tiles.Embeddings);
        Assert.Equal(keep.SelectMany(i => Enumerable.Range(0, 3).Select(k => TileFiles.Value(i, k))), tiles.Embeddings);
        Assert.Equal(all.Metadata, tiles.Metadata);
    }

    [Fact]
    public void Read_AllRowsReadable_ArraysHoldExactlyTheRows()
    {
        using var dir = new TempFolder();
        var path = TileFiles.Write(dir, "s", 10, 5, ModelPrecision.Fp32, _ => false, null);

        var tiles = ReadableTileEmbeddings.Read(path);

        Assert.Equal((10, 10, 50, 10, 10), (tiles.Rows, tiles.Count, tiles.Embeddings.Length, tiles.Xs.Length, tiles.Ys.Length));
    }

    [Fact]
    public void Read_EmptyFile_NoRows()
    {
        using var dir = new TempFolder();
        var path = TileFiles.Write(dir, "s", 0, 4, ModelPrecision.Fp32, _ => false, null);

        var tiles = ReadableTileEmbeddings.Read(path);

        Assert.Equal((0, 0, 0, string.Empty), (tiles.Rows, tiles.Count, tiles.Embeddings.Length, tiles.SlideId));
    }

    [Fact]
    public void Read_MissingColumn_NamesFileAndColumn()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir, "other.tiles.arrow");
        var schema = new Schema.Builder().Field(f => f.Name("x").DataType(Int64Type.Default)).Build();
        using (var stream = File.Create(path))
        using (var writer = new ArrowFileWriter(stream, schema))
        {
            using var batch = new RecordBatch(schema, [new Int64Array.Builder().Append(1).Build()], 1);
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }

        var e = Assert.Throws<InvalidDataException>(() => ReadableTileEmbeddings.Read(path));

        Assert.Contains("other.tiles.arrow", e.Message, StringComparison.Ordinal);
        Assert.Contains("'slide_id'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotArrow_InvalidData()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir, "x.tiles.arrow");
        File.WriteAllText(path, "ARROW1\0\0 this is not an Arrow message stream");

        Assert.Throws<InvalidDataException>(() => ReadableTileEmbeddings.Read(path));
    }
}
