namespace SlideEmbed.Arrow;

/// <summary>The tokens of one slide's tiles, row for row with its tile embedding file.</summary>
/// <param name="SlideId">Slide id.</param>
/// <param name="TileIndex">Each tile's <c>tile_index</c>.</param>
/// <param name="X">Tile x, level-0 pixels.</param>
/// <param name="Y">Tile y, level-0 pixels.</param>
/// <param name="Level0TileSize">Tile edge, level-0 pixels.</param>
/// <param name="Tokens">Token per tile; -1 for a tile that could not be read.</param>
/// <param name="Distances">Distance to the token's centroid (NaN for unread tiles).</param>
public sealed record SlideTokens(string SlideId, int[] TileIndex, long[] X, long[] Y, long[] Level0TileSize, int[] Tokens, float[] Distances)
{
    /// <summary>Tiles.</summary>
    public int Count => Tokens.Length;

    /// <summary>Tiles per token (unread tiles not counted).</summary>
    /// <param name="k">Number of tokens.</param>
    /// <returns>k counts.</returns>
    public int[] Histogram(int k)
    {
        var counts = new int[k];
        foreach (var t in Tokens)
        {
            if (t >= 0)
            {
                counts[t]++;
            }
        }

        return counts;
    }
}
