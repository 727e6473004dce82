namespace SlideEmbed.Arrow.Cohort;

/// <summary>Expands the inputs of the cohort commands (files, or model folders holding them) into a sorted file list.</summary>
public static class CohortInputs
{
    /// <summary>Files ending in <paramref name="suffix"/>: each input is such a file or a folder searched (not recursively).</summary>
    /// <param name="inputs">Files and folders.</param>
    /// <param name="suffix">For example <c>.tiles.arrow</c>.</param>
    /// <returns>Full paths, folders' files in ordinal order, duplicates removed.</returns>
    /// <exception cref="FileNotFoundException">An input does not exist; the message names it.</exception>
    public static IReadOnlyList<string> Files(IEnumerable<string> inputs, string suffix)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.GetFiles(input, "*" + suffix).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input))
            {
                files.Add(Path.GetFullPath(input));
            }
            else
            {
                throw new FileNotFoundException($"'{input}' does not exist; give {suffix} files or the folders that hold them.", input);
            }
        }

        return [.. files.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The tile encoder named in a file's provenance, or null.</summary>
    /// <param name="metadata">Schema metadata of a tile embedding file.</param>
    /// <returns>The model name.</returns>
    public static string? TileEncoder(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (!metadata.TryGetValue(Output.Provenance.MetadataKey, out var json))
        {
            return null;
        }

        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(json)?["config"]?["model"]?["name"]?.GetValue<string>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
