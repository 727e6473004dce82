using Apache.Arrow.Ipc;

namespace SlideEmbed.Arrow;

/// <summary>Reads the schema metadata of an Arrow IPC file, checking that the file is complete (has its footer).</summary>
public static class ArrowMetadata
{
    /// <summary>The metadata, or null when the file is missing, truncated or not an Arrow file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Key/values or null.</returns>
    public static IReadOnlyDictionary<string, string>? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new ArrowFileReader(stream);
            // The footer is read here: a file cut short throws.
            _ = reader.RecordBatchCountAsync().AsTask().GetAwaiter().GetResult();
            return reader.Schema.Metadata is { } m ? new Dictionary<string, string>(m) : new Dictionary<string, string>();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }
}
