using System.Reflection;
using System.Text.Json.Nodes;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;
using SlideEmbed.Tissue;

namespace SlideEmbed.Output;

/// <summary>
/// Provenance of an output file as one JSON document stored in the Arrow schema metadata under
/// <see cref="MetadataKey"/>: what produced it, from which slide (with its fingerprint), and every
/// parameter that changes the result. Resume compares the <c>config</c> part and the fingerprint.
/// </summary>
public static class Provenance
{
    /// <summary>Schema metadata key holding the JSON.</summary>
    public const string MetadataKey = "slideembed.provenance";

    /// <summary>The tool's version (assembly informational version).</summary>
    public static string ToolVersion { get; } =
        typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The parts of the configuration that change a slide's tiles.</summary>
    /// <param name="resolution">Level-0 resolution used.</param>
    /// <param name="grid">The tile grid.</param>
    /// <param name="detector">The tissue detector.</param>
    /// <param name="minTissueFraction">Minimum tissue fraction.</param>
    /// <param name="maxTiles">Tile cap.</param>
    /// <returns>A JSON object.</returns>
    public static JsonObject TilingConfig(SlideResolution resolution, Tiling.TileGrid grid, ITissueDetector detector, double minTissueFraction, int? maxTiles)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(detector);
        return new JsonObject
        {
            ["slide_mpp_x"] = resolution.Mpp.X,
            ["slide_mpp_y"] = resolution.Mpp.Y,
            ["slide_mpp_source"] = resolution.Source.ToString(),
            ["target_mpp"] = grid.TargetMpp.Mean,
            ["tile_size"] = grid.EdgeAtTargetPx,
            ["level0_tile_size"] = grid.Level0TileSize,
            ["level0_stride"] = grid.Level0Stride,
            ["read_level"] = grid.ReadLevel,
            ["read_size"] = grid.EdgeAtReadLevelPx,
            ["min_tissue_fraction"] = minTissueFraction,
            ["max_tiles"] = maxTiles,
            ["tissue_detector"] = detector.Name,
            ["tissue_parameters"] = TissueParameters(detector),
        };
    }

    /// <summary>A tissue detector's parameters as a JSON object, keys in ordinal order.</summary>
    /// <param name="detector">The detector.</param>
    /// <returns>A new JSON object.</returns>
    public static JsonObject TissueParameters(ITissueDetector detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        var parameters = new JsonObject();
        foreach (var (k, v) in detector.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            parameters[k] = v;
        }

        return parameters;
    }

    /// <summary>The full provenance document (see <see cref="ProvenanceRecord"/>).</summary>
    /// <param name="slidePath">Slide path.</param>
    /// <param name="slideId">Slide id.</param>
    /// <param name="fingerprint">Slide fingerprint.</param>
    /// <param name="config">Everything that changes the result (tiling, model, preprocessing).</param>
    /// <param name="createdUtc">Creation time.</param>
    /// <returns>The JSON text.</returns>
    public static string Build(string slidePath, string slideId, SlideFingerprint fingerprint, JsonObject config, DateTimeOffset createdUtc)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(config);
        return new ProvenanceRecord { CreatedUtc = createdUtc, SlideId = slideId, SlidePath = slidePath, Fingerprint = fingerprint, Config = config }.Write();
    }
}
