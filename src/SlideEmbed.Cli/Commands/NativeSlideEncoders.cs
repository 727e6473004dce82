using SlideEmbed.Aggregation;
using SlideEmbed.Arrow;
using SlideEmbed.Models;

namespace SlideEmbed.Cli.Commands;

/// <summary>The slide encoders after GigaPath (TITAN, FEATHER, CHIEF, MADELEINE) as slide aggregations.</summary>
internal static class NativeSlideEncoders
{
    /// <summary>The bundled manifests' names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["titan", "feather-conch-v1-5", "feather-uni2-h", "chief", "madeleine"];

    /// <summary>Checks the tile encoder against the manifest, then loads the encoder.</summary>
    /// <param name="path">The manifest file.</param>
    /// <param name="mode">Text after a colon in the name, or null; these encoders have a single output.</param>
    /// <param name="tileModel">The tile encoder whose embeddings are aggregated.</param>
    /// <returns>The aggregation; TITAN's reads the slide's tile geometry from the tile file.</returns>
    /// <exception cref="ArgumentException">An output mode was given, or the tiles come from another tile encoder or resolution.</exception>
    /// <exception cref="ModelManifestException">The manifest is invalid, or the weights are missing or do not match.</exception>
    public static SlideAggregation Create(string path, string? mode, ModelManifest tileModel)
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
            (data, n, d, xs, ys) => encoder.UsesGeometry
                ? throw new InvalidOperationException($"'{manifest.Name}' needs the slide's tile geometry.")
                : encoder.Encode(data.AsSpan(0, n * d), n, xs, ys, new SlideTileGeometry(1, 1, null)))
        {
            AggregateWithGeometry = (data, n, d, xs, ys, geometry) => encoder.Encode(data.AsSpan(0, n * d), n, xs, ys, geometry),
        };
    }
}
