namespace SlideEmbed.Segmentation;

/// <summary>How class probabilities become a foreground decision.</summary>
public enum SegmenterRule
{
    /// <summary>Foreground where the most probable class is one of the foreground classes.</summary>
    Argmax,

    /// <summary>Foreground where the summed probability of the foreground classes exceeds the threshold.</summary>
    ForegroundProbabilityAbove,
}
