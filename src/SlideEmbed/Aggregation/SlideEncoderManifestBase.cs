using SlideEmbed.Models;

namespace SlideEmbed.Aggregation;

/// <summary>
/// The fields every slide-encoder manifest kind shares (<see cref="SlideEncoderManifest"/> for LongNet,
/// <see cref="NativeSlideEncoderManifest"/> for TITAN and the gated-attention family): identity, the weights
/// file and how to make it, and the tile encoder whose embeddings the slide encoder takes.
/// </summary>
public abstract record SlideEncoderManifestBase : ManifestHeader
{
    /// <summary>Free-text architecture summary.</summary>
    public required string Architecture { get; init; }

    /// <summary>Weights file name (safetensors), looked up beside the manifest, then in the model folders.</summary>
    public required string WeightsFile { get; init; }

    /// <summary>Expected SHA-256 of the weights file (lower-case hex), or null to skip the check.</summary>
    public string? WeightsSha256 { get; init; }

    /// <summary>The command that produces the weights file from the published checkpoint.</summary>
    public required string ConvertCommand { get; init; }

    /// <summary>Name of the tile-encoder manifest whose embeddings this encoder takes, e.g. <c>gigapath-tile</c>.</summary>
    public required string TileEncoder { get; init; }

    /// <summary>Tile embedding width.</summary>
    public required int InputDimension { get; init; }

    /// <summary>Slide embedding width (checked against the weights).</summary>
    public required int OutputDimension { get; init; }

    /// <summary>The manifest file, or null when parsed from text.</summary>
    public string? Path { get; init; }
}
