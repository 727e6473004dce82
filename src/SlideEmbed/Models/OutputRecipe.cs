namespace SlideEmbed.Models;

/// <summary>How a model's output tensor becomes one embedding per tile.</summary>
public enum OutputRecipe
{
    /// <summary>Output [B, T, D]: token 0 (the CLS token).</summary>
    Cls,

    /// <summary>Output [B, T, D]: concat(token 0, mean of tokens after the prefix tokens) -> 2D.</summary>
    ClsMean,

    /// <summary>Output [B, D] taken as is (a pooled output named in the manifest).</summary>
    Pooled,
}
