using SlideEmbed.Aggregation;
using SlideEmbed.Arrow;
using SlideEmbed.Models;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// The slide aggregators available by name: <c>mean</c>, <c>max</c>, <c>none</c>, and slide-encoder
/// manifests such as <c>gigapath-slide</c> (optionally with an output mode after a colon, e.g.
/// <c>gigapath-slide:cls</c>; the default mode is the manifest's, TRIDENT's <c>layer-mean:11</c> for GigaPath), or the path of a
/// slide-encoder manifest of one's own (<c>/models/my-slide.json</c>, <c>/models/my-slide.json:cls</c>).
/// </summary>
public static class Aggregations
{
    /// <summary>Accepted names (slide-encoder manifests by their name).</summary>
    public static IReadOnlyList<string> Names { get; } = ["mean", "max", "gigapath-slide", .. NativeSlideEncoders.Names, "none"];

    /// <summary>Creates an aggregator, or null for <c>none</c>.</summary>
    /// <param name="spec">The name, optionally <c>name:output-mode</c> for slide encoders.</param>
    /// <param name="tileModel">The tile encoder whose embeddings are aggregated.</param>
    /// <returns>The aggregation or null.</returns>
    /// <exception cref="ArgumentException">Unknown name, or a slide encoder that does not take this tile encoder's embeddings.</exception>
    /// <exception cref="ModelManifestException">The slide encoder's weights are missing or do not match.</exception>
    public static SlideAggregation? Create(string spec, ModelManifest tileModel)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(tileModel);
        var trimmed = spec.Trim().ToLowerInvariant();
        switch (trimmed)
        {
            case "none":
                return null;
            case "mean":
                return Wrap(new MeanPoolingAggregator(tileModel.Dimension), "mean");
            case "max":
                return Wrap(new MaxPoolingAggregator(tileModel.Dimension), "max");
        }

        // A manifest path (".../my-encoder.json", optionally ":mode") or a name; paths keep their case.
        var text = spec.Trim();
        var json = text.LastIndexOf(".json", StringComparison.OrdinalIgnoreCase);
        var colon = json >= 0 ? (text.Length > json + 5 && text[json + 5] == ':' ? json + 5 : -1) : text.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? text : text[..colon];
        var modeText = colon < 0 ? null : text[(colon + 1)..].ToLowerInvariant();
        var path = json >= 0 ? (File.Exists(name) ? Path.GetFullPath(name) : null) : ModelCatalog.Default().FindManifestPath(name.ToLowerInvariant());
        if (path is null || !SlideEncoderManifest.IsSlideEncoderManifest(File.ReadAllText(path)))
        {
            throw new ArgumentException($"Unknown slide encoder '{spec}'; use one of: {string.Join(", ", Names)}.");
        }

        if (NativeSlideEncoderManifest.Declares(File.ReadAllText(path)))
        {
            return NativeSlideEncoders.Create(path, modeText, tileModel);
        }

        LongNetOutput? mode = modeText is null ? null : LongNetOutput.Parse(modeText);
        var manifest = SlideEncoderManifest.Load(path);
        if (!string.Equals(manifest.TileEncoder, tileModel.Name, StringComparison.Ordinal) || manifest.InputDimension != tileModel.Dimension)
        {
            throw new ArgumentException(
                $"Slide encoder '{manifest.Name}' takes {manifest.InputDimension}-d embeddings of '{manifest.TileEncoder}', but these tiles come from '{tileModel.Name}' ({tileModel.Dimension}-d). Embed with --model {manifest.TileEncoder}, or use --slide-encoder mean.");
        }

        var output = mode ?? manifest.Options.Output;
        var encoder = manifest.CreateEncoder(manifest.FindWeights());
        return new SlideAggregation(manifest.Name, output.ToString(), (data, n, d, xs, ys) => encoder.Encode(data.AsSpan(0, n * d), n, xs, ys, output));
    }

    private static SlideAggregation Wrap(ISlideAggregator aggregator, string mode) =>
        new(aggregator.Name, mode, (data, n, d, xs, ys) => aggregator.Aggregate(data.AsSpan(0, n * d), n, d, xs, ys));
}
