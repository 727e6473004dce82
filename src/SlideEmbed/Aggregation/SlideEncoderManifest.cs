using SlideEmbed.Geometry;
using SlideEmbed.Models;

namespace SlideEmbed.Aggregation;

/// <summary>
/// A slide-encoder manifest (<c>manifests/gigapath-slide.json</c>, <c>"kind": "slide-encoder"</c>): where the
/// weights are, what tile embeddings and coordinates the encoder takes, its LongNet settings and its
/// default output. A different schema from the tile-encoder manifests; the <c>kind</c> field tells them apart.
/// </summary>
public sealed partial record SlideEncoderManifest : SlideEncoderManifestBase
{
    /// <summary>Value of the <c>kind</c> field.</summary>
    public const string KindName = "slide-encoder";

    /// <summary>Expected model width (checked against the weights).</summary>
    public required int Width { get; init; }

    /// <summary>Expected number of layers (checked against the weights).</summary>
    public required int Depth { get; init; }

    /// <summary>Expected FFN width (checked against the weights).</summary>
    public required int FfnDimension { get; init; }

    /// <summary>Encoder settings, including the default output and the coordinate frame.</summary>
    public required LongNetOptions Options { get; init; }

    /// <summary>
    /// Finds the weights file where tile-encoder models are looked for: next to the manifest, then
    /// <c>$SLIDEEMBED_MODELS</c>, then <c>~/.cache/slideembed/models</c>.
    /// </summary>
    /// <returns>The full path.</returns>
    /// <exception cref="ModelManifestException">The file is in none of them; the message gives the convert command.</exception>
    public string FindWeights() => FindWeights(SlideEncoderWeights.DefaultDirectories());

    /// <summary>
    /// Finds the weights file: next to the manifest, then in each extra folder in order. The first folder
    /// with an entry of that name wins; a symbolic link there (or a chain of them) is returned as is and read
    /// through, and must lead to an existing file.
    /// </summary>
    /// <param name="modelDirs">Folders to search after the manifest's own, e.g. <c>$SLIDEEMBED_MODELS</c> and <c>~/.cache/slideembed/models</c>.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="ModelManifestException">The file is in none of them (the message gives the convert
    /// command), or the first entry found is a symbolic link that leads nowhere (the message names the link and
    /// its target).</exception>
    public string FindWeights(IEnumerable<string> modelDirs) => SlideEncoderWeights.Find(Name, Path, WeightsFile, ConvertCommand, modelDirs);

    /// <summary>Loads the encoder from a weights file and checks its hash (when the manifest has one) and sizes.</summary>
    /// <param name="weightsPath">The safetensors file (see <see cref="FindWeights()"/>).</param>
    /// <returns>The encoder, configured with <see cref="Options"/>.</returns>
    /// <exception cref="ModelManifestException">The weights' hash or sizes differ from the manifest's.</exception>
    public LongNetSlideEncoder CreateEncoder(string weightsPath)
    {
        SlideEncoderWeights.CheckSha256(Name, weightsPath, WeightsSha256, ConvertCommand);
        var encoder = LongNetSlideEncoder.Load(weightsPath, Options);
        var a = encoder.Architecture;
        if (a.InputDimension != InputDimension || a.Width != Width || a.Depth != Depth || a.FfnDimension != FfnDimension)
        {
            throw new ModelManifestException($"{Name}: {weightsPath} holds input {a.InputDimension}, width {a.Width}, depth {a.Depth}, FFN {a.FfnDimension}; the manifest says {InputDimension}, {Width}, {Depth}, {FfnDimension}.");
        }

        return encoder;
    }

    /// <summary>The coordinate frame as text: <c>level0</c>, or <c>mpp 0.5</c>.</summary>
    /// <returns>A short description.</returns>
    public string CoordinateFrame() => Options.CoordinateMpp is { } mpp ? $"mpp {mpp}" : "level0";

    private static MicronsPerPixel? Mpp(double? value) => value is { } v ? MicronsPerPixel.Isotropic(v) : null;
}
