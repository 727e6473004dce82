using SlideEmbed.Models;

namespace SlideEmbed.Aggregation;

/// <summary>
/// The slide aggregators available by name, the one registry behind <c>--slide-encoder</c> in <c>embed</c>,
/// <c>watch</c> and <c>aggregate</c>: <c>mean</c>, <c>max</c>, <c>none</c>, and slide-encoder manifests such as
/// <c>gigapath-slide</c> (optionally with an output mode after a colon, e.g. <c>gigapath-slide:cls</c>; the
/// default mode is the manifest's), or the path of a slide-encoder manifest (<c>/models/my-slide.json</c>,
/// <c>/models/my-slide.json:cls</c>). A new slide encoder kind goes into <see cref="SlideEncoderManifest"/>.
/// </summary>
public static class SlideAggregators
{
    /// <summary>Accepted names (slide-encoder manifests by their name).</summary>
    public static IReadOnlyList<string> Names { get; } = ["mean", "max", "gigapath-slide", "none"];

    /// <summary>Creates an aggregator, or null for <c>none</c>. Slide-encoder weights are loaded once, here.</summary>
    /// <param name="spec">The name, optionally <c>name:output-mode</c> for slide encoders.</param>
    /// <param name="tileEncoder">The tile encoder whose embeddings are aggregated (its manifest name).</param>
    /// <param name="dimension">Width of its embeddings.</param>
    /// <returns>The aggregation or null.</returns>
    /// <exception cref="ArgumentException">Unknown name, or a slide encoder that does not take this tile encoder's embeddings.</exception>
    /// <exception cref="ModelManifestException">The slide encoder's weights are missing or do not match.</exception>
    public static SlideAggregation? Create(string spec, string tileEncoder, int dimension)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(tileEncoder);
        switch (spec.Trim().ToLowerInvariant())
        {
            case "none":
                return null;
            case "mean":
                return Wrap(new MeanPoolingAggregator(dimension), "mean");
            case "max":
                return Wrap(new MaxPoolingAggregator(dimension), "max");
        }

        // A manifest path (".../my-encoder.json", optionally ":mode") or a name; paths keep their case.
        var text = spec.Trim();
        var json = text.LastIndexOf(".json", StringComparison.OrdinalIgnoreCase);
        var colon = json >= 0 ? (text.Length > json + 5 && text[json + 5] == ':' ? json + 5 : -1) : text.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? text : text[..colon];
        LongNetOutput? mode = colon < 0 ? null : LongNetOutput.Parse(text[(colon + 1)..].ToLowerInvariant());
        var path = json >= 0 ? (File.Exists(name) ? Path.GetFullPath(name) : null) : ModelCatalog.Default().FindManifestPath(name.ToLowerInvariant());
        if (path is null || !SlideEncoderManifest.IsSlideEncoderManifest(File.ReadAllText(path)))
        {
            throw new ArgumentException($"Unknown slide encoder '{spec}'; use one of: {string.Join(", ", Names)}, or a slide-encoder manifest file.");
        }

        var manifest = SlideEncoderManifest.Load(path);
        if (!string.Equals(manifest.TileEncoder, tileEncoder, StringComparison.Ordinal) || manifest.InputDimension != dimension)
        {
            throw new ArgumentException(
                $"Slide encoder '{manifest.Name}' takes {manifest.InputDimension}-d embeddings of '{manifest.TileEncoder}', but these tiles come from '{tileEncoder}' ({dimension}-d). Embed with --model {manifest.TileEncoder}, or use --slide-encoder mean.");
        }

        var output = mode ?? manifest.Options.Output;
        var encoder = manifest.CreateEncoder(manifest.FindWeights());
        return new SlideAggregation(manifest.Name, output.ToString(), (data, n, d, xs, ys, mpp) => encoder.Encode(data[..(n * d)], n, xs, ys, output, mpp));
    }

    private static SlideAggregation Wrap(ISlideAggregator aggregator, string mode) =>
        new(aggregator.Name, mode, (data, n, d, xs, ys, _) => aggregator.Aggregate(data[..(n * d)], n, d, xs, ys));
}
