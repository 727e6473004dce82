namespace SlideEmbed.Tissue;

/// <summary>The verdict of <see cref="TileBrightnessFilter"/> on a tile.</summary>
public enum TileBrightness
{
    /// <summary>Neither near-white nor near-black: keep the tile.</summary>
    Content = 0,

    /// <summary>Mean brightness above the white threshold: glass or background.</summary>
    NearWhite = 1,

    /// <summary>Mean brightness below the black threshold: scanner padding, ink or an opaque artefact.</summary>
    NearBlack = 2,
}
