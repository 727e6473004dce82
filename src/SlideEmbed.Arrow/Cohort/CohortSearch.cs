using SlideEmbed.Cohort;

namespace SlideEmbed.Arrow.Cohort;

/// <summary>
/// Exact cosine search over a cohort's Arrow files: tile files are streamed batch by batch from memory
/// maps and scored with SIMD dot products on several threads into a top-k heap; slide files are read
/// whole (one row each). Hits carry tile coordinates so they can be opened in QuPath.
/// </summary>
public static class CohortSearch
{
    /// <summary>The nearest tiles to a query.</summary>
    /// <param name="tileFiles">Tile embedding files.</param>
    /// <param name="query">Query vector (normalised here).</param>
    /// <param name="k">Hits wanted.</param>
    /// <param name="threads">Threads for scoring.</param>
    /// <param name="exclude">A tile never returned (the query's own), or null.</param>
    /// <param name="progress">Called after each file with (files done, total); may be null.</param>
    /// <returns>Hits, nearest first.</returns>
    /// <exception cref="InvalidDataException">A file is not a tile file or its dimension differs from the query's.</exception>
    public static IReadOnlyList<SearchResult> Tiles(IReadOnlyList<string> tileFiles, ReadOnlySpan<float> query, int k, int threads, (string SlideId, int TileIndex)? exclude = null, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(tileFiles);
        var unit = ExactSearch.UnitQuery(query);
        var top = new TopK(k);
        for (var f = 0; f < tileFiles.Count; f++)
        {
            using var reader = new TileEmbeddingReader(tileFiles[f]);
            CheckDimension(tileFiles[f], reader.Dimension, unit.Length);
            while (reader.Next() is { } batch)
            {
                var excluded = -1L;
                if (exclude is { } e && e.SlideId == reader.SlideId)
                {
                    var at = batch.TileIndex.IndexOf(e.TileIndex);
                    excluded = at >= 0 ? Id(f, batch.FirstRow + at) : -1;
                }

                ExactSearch.ScanParallel(unit, batch.Embeddings, Id(f, batch.FirstRow), top, threads, excluded);
            }

            progress?.Invoke(f + 1, tileFiles.Count);
        }

        return Resolve(tileFiles, top.ToSortedArray());
    }

    /// <summary>The nearest slides to a query, by their slide embeddings.</summary>
    /// <param name="slideFiles">Slide embedding files.</param>
    /// <param name="query">Query vector.</param>
    /// <param name="k">Hits wanted.</param>
    /// <param name="excludeSlideId">A slide never returned (the query's own), or null.</param>
    /// <returns>Hits, nearest first.</returns>
    public static IReadOnlyList<SearchResult> Slides(IReadOnlyList<string> slideFiles, ReadOnlySpan<float> query, int k, string? excludeSlideId = null)
    {
        ArgumentNullException.ThrowIfNull(slideFiles);
        var unit = ExactSearch.UnitQuery(query);
        var top = new TopK(k);
        var rows = new SlideEmbeddingRow[slideFiles.Count];
        for (var f = 0; f < slideFiles.Count; f++)
        {
            rows[f] = SlideEmbeddingFileReader.Read(slideFiles[f]);
            CheckDimension(slideFiles[f], rows[f].Embedding.Length, unit.Length);
            if (rows[f].SlideId != excludeSlideId)
            {
                top.Offer(ExactSearch.Cosine(unit, rows[f].Embedding), f);
            }
        }

        return [.. top.ToSortedArray().Select((h, i) => new SearchResult(i + 1, h.Score, rows[h.Id].SlideId, null, null, null, null, slideFiles[(int)h.Id]))];
    }

    /// <summary>The embedding of one tile.</summary>
    /// <param name="tileFiles">Tile files to look in.</param>
    /// <param name="slideId">The slide id.</param>
    /// <param name="tileIndex">The tile's <c>tile_index</c>.</param>
    /// <returns>Its embedding.</returns>
    /// <exception cref="KeyNotFoundException">No such slide or tile, or the tile could not be read.</exception>
    public static float[] TileEmbedding(IReadOnlyList<string> tileFiles, string slideId, int tileIndex)
    {
        ArgumentNullException.ThrowIfNull(tileFiles);
        foreach (var file in tileFiles.Where(f => Path.GetFileName(f) == slideId + ".tiles.arrow").Concat(tileFiles))
        {
            using var reader = new TileEmbeddingReader(file);
            while (reader.Next() is { } batch)
            {
                if (reader.SlideId != slideId)
                {
                    break;
                }

                var at = batch.TileIndex.IndexOf(tileIndex);
                if (at >= 0)
                {
                    return batch.IsOk(at)
                        ? batch.Embeddings.Slice(at * batch.Dimension, batch.Dimension).ToArray()
                        : throw new KeyNotFoundException($"Tile {slideId}:{tileIndex} could not be read when the slide was embedded; it has no embedding to search with.");
                }
            }
        }

        throw new KeyNotFoundException($"No tile {slideId}:{tileIndex} in the given folders; check the slide id and tile_index (see the slide's .tiles.arrow).");
    }

    private static long Id(int file, long row) => ((long)file << 32) | row;

    private static void CheckDimension(string file, int dimension, int query)
    {
        if (dimension != query)
        {
            throw new InvalidDataException($"'{file}' has {dimension}-dimensional embeddings but the query has {query}; search one model folder with a query from the same model.");
        }
    }

    private static List<SearchResult> Resolve(IReadOnlyList<string> tileFiles, SearchHit[] hits)
    {
        var results = new SearchResult?[hits.Length];
        foreach (var group in hits.Select((h, rank) => (Hit: h, Rank: rank)).GroupBy(x => (int)(x.Hit.Id >> 32)))
        {
            using var reader = new TileEmbeddingReader(tileFiles[group.Key]);
            var wanted = group.OrderBy(x => x.Hit.Id & uint.MaxValue).ToList();
            var next = 0;
            while (next < wanted.Count && reader.Next() is { } batch)
            {
                while (next < wanted.Count && (wanted[next].Hit.Id & uint.MaxValue) < batch.FirstRow + batch.Count)
                {
                    var (hit, rank) = wanted[next++];
                    var i = (int)((hit.Id & uint.MaxValue) - batch.FirstRow);
                    results[rank] = new SearchResult(rank + 1, hit.Score, reader.SlideId, batch.TileIndex[i], batch.X[i], batch.Y[i], batch.Level0TileSize[i], tileFiles[group.Key]);
                }
            }
        }

        return [.. results.OfType<SearchResult>()];
    }
}
