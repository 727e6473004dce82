using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SlideEmbed.Output;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Pipeline;

/// <summary>The one rule for the configuration digest that resume compares, shared by every <see cref="ISlideJob"/>.</summary>
public static class SettingsDigest
{
    /// <summary>
    /// A digest of the model (or null for a tile table without one), tissue detection and its parameters,
    /// the tiling options, a forced resolution override that applies to this slide, and <paramref name="extra"/>.
    /// </summary>
    /// <param name="model">The model part of the provenance (<see cref="SlideEmbeddingJob.ModelConfig"/>), or null.</param>
    /// <param name="detector">The tissue detector.</param>
    /// <param name="tiling">The tiling options.</param>
    /// <param name="path">Slide path.</param>
    /// <param name="overrides">Resolution overrides, or null.</param>
    /// <param name="extra">Further settings that change the outputs.</param>
    /// <returns>Lower-case hex SHA-256.</returns>
    public static string Of(JsonNode? model, ITissueDetector detector, TilingOptions tiling, string path, MppOverrides? overrides, string extra)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(tiling);
        // A fallback override changes only the slides that lack their own resolution; resume checks it
        // against the tile file's recorded resolution source instead (SlideRun.Check).
        var o = overrides is { Mode: MppOverrideMode.Force } ? overrides.Find(path) : null;
        var doc = new JsonObject
        {
            ["model"] = model,
            ["tissue"] = detector.Name,
            ["tissue_parameters"] = Provenance.TissueParameters(detector),
            ["target_mpp"] = tiling.TargetMpp.Mean,
            ["tile_size"] = tiling.EdgeAtTargetPx,
            ["overlap"] = tiling.OverlapAtTargetPx,
            ["min_tissue"] = tiling.MinTissueFraction,
            ["max_tiles"] = tiling.MaxTiles,
            ["mpp_override"] = o is null ? null : $"{o.Mpp.X:R},{o.Mpp.Y:R},{overrides!.Mode}",
            ["extra"] = extra,
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(doc.ToJsonString())));
    }
}
