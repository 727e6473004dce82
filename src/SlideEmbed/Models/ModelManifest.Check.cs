namespace SlideEmbed.Models;

/// <content>The parity check written by the export.</content>
public sealed partial record ModelManifest
{
    /// <summary>The manifest's <c>check</c> block (the export's PyTorch reference embedding), or null when it has none.</summary>
    public ParityCheck? Check { get; init; }
}
