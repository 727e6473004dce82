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
    /// <summary>The bundled slide encoders after GigaPath (native gated-attention and TITAN manifests).</summary>
    public static IReadOnlyList<string> NativeNames { get; } = ["titan", "feather-conch-v1-5", "feather-uni2-h", "chief", "madeleine"];

    /// <summary>Accepted names (slide-encoder manifests by their name).</summary>
    public static IReadOnlyList<string> Names { get; } = ["mean", "max", "gigapath-slide", .. NativeNames, "none"];

    /// <summary>Creates an aggregator, or null for <c>none</c>. Slide-encoder weights are loaded once, here.</summary>
    /// <param name="spec">The name, optionally <c>name:output-mode</c> for slide encoders.</param>
    /// <param name="tileModel">The tile encoder whose embeddings are aggregated (name, width, and for encoders that need them, resolution and tile size).</param>
    /// <returns>The aggregation or null.</returns>
    /// <exception cref="ArgumentException">Unknown name, or a slide encoder that does not take this tile encoder's embeddings.</exception>
    /// <exception cref="ModelManifestException">The slide encoder's weights are missing or do not match.</exception>
    public static SlideAggregation? Create(string spec, ModelManifest tileModel)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(tileModel);
        var tileEncoder = tileModel.Name;
        var dimension = tileModel.Dimension;
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
        var modeText = colon < 0 ? null : text[(colon + 1)..].ToLowerInvariant();
        var path = json >= 0 ? (File.Exists(name) ? Path.GetFullPath(name) : null) : ModelCatalog.Default().FindManifestPath(name.ToLowerInvariant());
        if (path is null || !SlideEncoderManifest.IsSlideEncoderManifest(File.ReadAllText(path)))
        {
            throw new ArgumentException($"Unknown slide encoder '{spec}'; use one of: {string.Join(", ", Names)}, or a slide-encoder manifest file.");
        }

        if (NativeSlideEncoderManifest.Declares(File.ReadAllText(path)))
        {
            return CreateNative(path, modeText, tileModel);
        }

        LongNetOutput? mode = modeText is null ? null : LongNetOutput.Parse(modeText);
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

    /// <summary>Checks the tile encoder against a native slide-encoder manifest, then loads the encoder once.</summary>
    private static SlideAggregation CreateNative(string path, string? mode, ModelManifest tileModel)
    {
        var manifest = NativeSlideEncoderManifest.Load(path);
        if (mode is not null)
        {
            throw new ArgumentException($"Slide encoder '{manifest.Name}' has a single output; drop ':{mode}'.");
        }

        if (manifest.Incompatibility(tileModel) is { } reason)
        {
            throw new ArgumentException(reason);
        }

        var encoder = manifest.CreateEncoder(manifest.FindWeights());
        return new SlideAggregation(
            manifest.Name,
            "embedding",
            (data, n, d, xs, ys, mpp) => encoder.UsesGeometry
                ? throw new InvalidOperationException($"'{manifest.Name}' needs the slide's tile geometry.")
                : encoder.Encode(data[..(n * d)], n, xs, ys, new SlideTileGeometry(1, 1, mpp)))
        {
            AggregateWithGeometry = (data, n, d, xs, ys, geometry) => encoder.Encode(data[..(n * d)], n, xs, ys, geometry),
        };
    }

    private static SlideAggregation Wrap(ISlideAggregator aggregator, string mode) =>
        new(aggregator.Name, mode, (data, n, d, xs, ys, _) => aggregator.Aggregate(data[..(n * d)], n, d, xs, ys));
}
