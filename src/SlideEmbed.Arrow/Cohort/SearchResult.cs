namespace SlideEmbed.Arrow.Cohort;

/// <summary>One hit of a cohort search.</summary>
/// <param name="Rank">1 for the nearest.</param>
/// <param name="Score">Cosine similarity to the query.</param>
/// <param name="SlideId">The slide.</param>
/// <param name="TileIndex">The tile's <c>tile_index</c>, or null for a slide hit.</param>
/// <param name="X">Tile x in level-0 pixels (null for a slide hit).</param>
/// <param name="Y">Tile y in level-0 pixels (null for a slide hit).</param>
/// <param name="Size">Tile edge in level-0 pixels (null for a slide hit).</param>
/// <param name="File">The file the hit came from.</param>
public sealed record SearchResult(int Rank, float Score, string SlideId, int? TileIndex, long? X, long? Y, long? Size, string File);
