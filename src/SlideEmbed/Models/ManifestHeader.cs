namespace SlideEmbed.Models;

/// <summary>
/// The identity fields every manifest starts with, tile encoder (<see cref="ModelManifest"/>) and slide
/// encoder (<see cref="Aggregation.SlideEncoderManifest"/>) alike: <c>name</c>, <c>display_name</c>,
/// <c>source</c>, <c>licence</c>, <c>citation</c> and <c>trained</c> (manifests/README.md).
/// </summary>
public abstract record ManifestHeader
{
    /// <summary>The manifest schema version this code reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Stable short name (the file stem), e.g. <c>uni</c> or <c>gigapath-slide</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Human-readable name.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Where the weights come from (Hugging Face id, repository or script).</summary>
    public required string Source { get; init; }

    /// <summary>Licence and access terms.</summary>
    public required string Licence { get; init; }

    /// <summary>How to cite the model; empty when none.</summary>
    public required string Citation { get; init; }

    /// <summary>False for random-weight demo and test models, whose embeddings mean nothing.</summary>
    public required bool Trained { get; init; }
}
