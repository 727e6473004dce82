using System.Text.Json.Nodes;
using SlideEmbed.Output;

namespace SlideEmbed.Arrow.Cohort;

/// <summary>A tile file read whole (one slide fits in memory: this is what a PCA per slide needs).</summary>
internal sealed record LoadedTiles(string SlideId, int Dimension, int[] TileIndex, long[] X, long[] Y, long[] Size, float[] Embeddings, IReadOnlyDictionary<string, string> Metadata)
{
    public int Count => TileIndex.Length;

    public static LoadedTiles Read(string path)
    {
        using var reader = new TileEmbeddingReader(path);
        List<int> index = [];
        List<long> xs = [], ys = [], sizes = [];
        var embeddings = new List<float>();
        while (reader.Next() is { } batch)
        {
            index.AddRange(batch.TileIndex.ToArray());
            xs.AddRange(batch.X.ToArray());
            ys.AddRange(batch.Y.ToArray());
            sizes.AddRange(batch.Level0TileSize.ToArray());
            var start = embeddings.Count;
            embeddings.AddRange(batch.Embeddings);
            for (var i = 0; i < batch.Count; i++)
            {
                if (!batch.IsOk(i))
                {
                    for (var k = 0; k < batch.Dimension; k++)
                    {
                        embeddings[start + (i * batch.Dimension) + k] = float.NaN;
                    }
                }
            }
        }

        if (index.Count == 0)
        {
            throw new InvalidDataException($"'{path}' has no tiles; there is nothing to paint.");
        }

        return new LoadedTiles(reader.SlideId, reader.Dimension, [.. index], [.. xs], [.. ys], [.. sizes], [.. embeddings], reader.Metadata);
    }

    /// <summary>The slide's level-0 size from the provenance, else the tiles' extent.</summary>
    public (long Width, long Height) Extent()
    {
        long width = 0, height = 0;
        if (Metadata.TryGetValue(Provenance.MetadataKey, out var json))
        {
            try
            {
                var config = JsonNode.Parse(json)?["config"];
                width = config?["slide_width"]?.GetValue<long>() ?? 0;
                height = config?["slide_height"]?.GetValue<long>() ?? 0;
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
            {
                (width, height) = (0, 0);
            }
        }

        for (var i = 0; i < Count; i++)
        {
            width = Math.Max(width, X[i] + Size[i]);
            height = Math.Max(height, Y[i] + Size[i]);
        }

        return (Math.Max(width, 1), Math.Max(height, 1));
    }
}
