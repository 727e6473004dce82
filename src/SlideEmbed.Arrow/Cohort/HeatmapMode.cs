namespace SlideEmbed.Arrow.Cohort;

/// <summary>What a heatmap shows.</summary>
public enum HeatmapMode
{
    /// <summary>The first three principal components of the embeddings as RGB.</summary>
    Pca,

    /// <summary>Each tile's morphology token, in a fixed palette.</summary>
    Token,

    /// <summary>A user's per-tile score on a colour ramp.</summary>
    Score,
}
