using System.Globalization;
using SlideEmbed.Models;

namespace SlideEmbed.Aggregation;

/// <summary>
/// A slide-encoder manifest with an <c>encoder</c> field other than <c>longnet</c> (<c>manifests/titan.json</c>,
/// <c>feather-conch-v1-5.json</c>, <c>chief.json</c>, <c>madeleine.json</c>): the weights, the tile encoder and
/// tile resolution the encoder needs, and the sizes checked against the weights. GigaPath's LongNet
/// manifest is read by <see cref="SlideEncoderManifest"/>.
/// </summary>
public sealed partial record NativeSlideEncoderManifest : SlideEncoderManifestBase
{
    /// <summary>Which implementation runs it.</summary>
    public required SlideEncoderArchitecture Encoder { get; init; }

    /// <summary>Resolution the tile encoder must see tissue at, microns per pixel (0.5 = 20x).</summary>
    public required double TileMpp { get; init; }

    /// <summary>Tile edge in pixels at <see cref="TileMpp"/> the encoder was trained with.</summary>
    public required int TileSize { get; init; }

    /// <summary>Attention heads per block (TITAN) or gated-attention heads (1, MADELEINE 4).</summary>
    public required int Heads { get; init; }

    /// <summary>Heads of TITAN's attention pooler; 0 for the other encoders.</summary>
    public int PoolerHeads { get; init; }

    /// <summary>Finds the weights next to the manifest, then in <c>$SLIDEEMBED_MODELS</c>, then <c>~/.cache/slideembed/models</c>.</summary>
    /// <returns>The full path.</returns>
    /// <exception cref="ModelManifestException">Not found; the message gives the convert command.</exception>
    public string FindWeights() => SlideEncoderWeights.Find(Name, Path, WeightsFile, ConvertCommand, SlideEncoderWeights.DefaultDirectories());

    /// <summary>Loads the encoder and checks its hash (when the manifest has one) and sizes.</summary>
    /// <param name="weightsPath">The safetensors file.</param>
    /// <returns>The encoder.</returns>
    /// <exception cref="ModelManifestException">The weights' hash or sizes differ from the manifest's.</exception>
    public ISlideEncoder CreateEncoder(string weightsPath)
    {
        SlideEncoderWeights.CheckSha256(Name, weightsPath, WeightsSha256, ConvertCommand);
        ISlideEncoder encoder = Encoder switch
        {
            SlideEncoderArchitecture.Titan => TitanSlideEncoder.Load(weightsPath, Name, Heads, PoolerHeads),
            SlideEncoderArchitecture.Feather => GatedAttentionSlideEncoder.Load(weightsPath, GatedAttentionVariant.Feather, Name),
            SlideEncoderArchitecture.Chief => GatedAttentionSlideEncoder.Load(weightsPath, GatedAttentionVariant.Chief, Name),
            SlideEncoderArchitecture.Madeleine => GatedAttentionSlideEncoder.Load(weightsPath, GatedAttentionVariant.Madeleine, Name),
            _ => throw new ModelManifestException($"{Name}: encoder '{Encoder}' is read by the LongNet manifest reader."),
        };
        if (encoder is GatedAttentionSlideEncoder gated && gated.Heads != Heads)
        {
            throw new ModelManifestException($"{Name}: {weightsPath} has {gated.Heads} attention heads; the manifest says {Heads}.");
        }

        if (encoder.InputDimension != InputDimension || encoder.OutputDimension != OutputDimension)
        {
            throw new ModelManifestException($"{Name}: {weightsPath} takes {encoder.InputDimension}-d tiles and gives {encoder.OutputDimension}-d slides; the manifest says {InputDimension} and {OutputDimension}.");
        }

        return encoder;
    }

    /// <summary>
    /// Why tiles from a tile encoder cannot feed this slide encoder, or null when they can: the tile encoder's
    /// name, embedding width, resolution and tile size must all be the ones the slide encoder was trained on.
    /// </summary>
    /// <param name="tileModel">The tile encoder (its manifest, or what a tile file records of it).</param>
    /// <returns>One sentence naming what differs and the fix, or null.</returns>
    public string? Incompatibility(ModelManifest tileModel)
    {
        ArgumentNullException.ThrowIfNull(tileModel);
        if (!string.Equals(TileEncoder, tileModel.Name, StringComparison.Ordinal) || InputDimension != tileModel.Dimension)
        {
            return $"Slide encoder '{Name}' takes {InputDimension}-d embeddings of '{TileEncoder}', but these tiles come from '{tileModel.Name}' ({tileModel.Dimension}-d). Embed with --model {TileEncoder}, or use --slide-encoder mean.";
        }

        if (Math.Abs(tileModel.TileMpp - TileMpp) > 1e-9 || tileModel.EdgeAtTargetPx != TileSize)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Slide encoder '{Name}' was trained on {TileSize} px '{TileEncoder}' tiles at {TileMpp} um/px, but these tiles are {tileModel.EdgeAtTargetPx} px at {tileModel.TileMpp} um/px. Use a '{TileEncoder}' manifest with tile.mpp {TileMpp} and tile.read_size {TileSize}, or use --slide-encoder mean.");
        }

        return null;
    }
}
