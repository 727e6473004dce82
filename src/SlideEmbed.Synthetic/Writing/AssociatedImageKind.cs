namespace SlideEmbed.Synthetic.Writing;

/// <summary>The Aperio associated images the writer can add.</summary>
internal enum AssociatedImageKind
{
    Thumbnail,
    Label,
    Macro,
}
