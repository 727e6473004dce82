using Apache.Arrow;
using Apache.Arrow.Types;

namespace SlideEmbed.Arrow;

/// <summary>Reads slide embedding files (<c>*.slide.arrow</c>, docs/FORMAT.md) back.</summary>
public static class SlideEmbeddingFileReader
{
    /// <summary>Reads the file's first row.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The slide's row.</returns>
    /// <exception cref="InvalidDataException">Not a slide embedding file; the message names the file.</exception>
    public static SlideEmbeddingRow Read(string path)
    {
        var (schema, batches) = CohortTables.ReadAll(path, "a slide embedding file written by 'slideembed embed' or 'aggregate'", "slide_id", "embedding", "tile_count");
        try
        {
            var batch = batches.FirstOrDefault(b => b.Length > 0) ?? throw new InvalidDataException($"'{path}' has no rows.");
            var dimension = ((FixedSizeListType)schema.GetFieldByName("embedding").DataType).ListSize;
            var list = (FixedSizeListArray)batch.Column("embedding");
            var embedding = ((FloatArray)list.Values).Values.Slice(list.Offset * dimension, dimension).ToArray();
            string Text(string column) => batch.Column(column) is StringArray s ? s.GetString(0) : string.Empty;
            return new SlideEmbeddingRow(Text("slide_id"), Text("tile_encoder"), Text("slide_encoder"), Text("output_mode"), ((Int32Array)batch.Column("tile_count")).GetValue(0) ?? 0, embedding);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }
}
