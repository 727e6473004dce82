using System.Security.Cryptography;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using SlideEmbed.Output;

namespace SlideEmbed.Arrow;

/// <summary>Shared plumbing of the cohort files (codebook, tokens, token histograms): atomic one-batch writes, hashing, column access.</summary>
internal static class CohortTables
{
    public static Schema Schema(IEnumerable<Field> fields, IReadOnlyDictionary<string, string> metadata)
    {
        var builder = new Schema.Builder();
        foreach (var field in fields)
        {
            builder.Field(field);
        }

        builder.Metadata("slideembed.schema_version", "1");
        foreach (var (key, value) in metadata)
        {
            builder.Metadata(key, value);
        }

        return builder.Build();
    }

    public static FixedSizeListType ListOf(IArrowType element, int size) => new(new Field("item", element, nullable: false), size);

    public static void Write(string path, Schema schema, IArrowArray[] columns, int rows)
    {
        using var batch = new RecordBatch(schema, columns, rows);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new ArrowFileWriter(stream, schema, leaveOpen: true);
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        });
    }

    /// <summary>Reads every batch of a file whose schema has the given columns, or throws naming the file and what it should be.</summary>
    public static (Schema Schema, List<RecordBatch> Batches) ReadAll(string path, string what, params string[] columns)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new ArrowFileReader(stream);
            var schema = reader.Schema;
            foreach (var column in columns)
            {
                if (schema.GetFieldByName(column) is null)
                {
                    throw new InvalidDataException($"'{path}' has no '{column}' column; it is not {what}.");
                }
            }

            var batches = new List<RecordBatch>();
            while (reader.ReadNextRecordBatch() is { } batch)
            {
                batches.Add(batch);
            }

            return (schema, batches);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"'{path}' is not a complete Arrow file ({e.Message}); expected {what}.", e);
        }
    }

    /// <summary>SHA-256 of a file's bytes, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static IReadOnlyDictionary<string, string> Metadata(Schema schema) =>
        schema.Metadata is { } m ? new Dictionary<string, string>(m) : new Dictionary<string, string>();
}
