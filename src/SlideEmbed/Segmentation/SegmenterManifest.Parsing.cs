using System.Security.Cryptography;
using System.Text.Json;
using SlideEmbed.Aggregation;
using SlideEmbed.Models;

namespace SlideEmbed.Segmentation;

/// <content>Reading and validating the JSON, with unknown-key rejection.</content>
public sealed partial record SegmenterManifest
{
    /// <summary>The <c>kind</c> value of segmenter manifests.</summary>
    public const string Kind = "segmenter";

    private static readonly string[] s_topKeys = ["schema_version", "kind", "name", "display_name", "source", "licence", "citation", "trained", "architecture", "export", "onnx", "tile", "preprocess", "classes", "foreground", "decision", "stitch", "postprocess", "profiles", "gate", "notes"];
    private static readonly string[] s_onnxKeys = ["file", "sha256", "input", "output", "output_kind", "hw_multiple"];
    private static readonly string[] s_tileKeys = ["mpp", "size", "overlap", "edge", "background_fill", "source"];
    private static readonly string[] s_preKeys = ["jpeg", "mean", "std"];
    private static readonly string[] s_jpegKeys = ["quality", "variant"];
    private static readonly string[] s_decisionKeys = ["rule", "threshold"];
    private static readonly string[] s_postKeys = ["contour_mask_height", "min_area_px", "min_hole_area_px", "max_holes"];

    /// <summary>Reads and validates a segmenter manifest file.</summary>
    /// <param name="path">The <c>.json</c> file.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ModelManifestException">The file cannot be read or is not a valid segmenter manifest; the message names the file and the field.</exception>
    public static SegmenterManifest Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelManifestException($"Cannot read segmenter manifest '{path}': {e.Message}. Pass a segmenter name (grandqc-tissue, hest-tissue) or the path of a manifest written as manifests/README.md describes.", e);
        }

        var manifest = Parse(bytes, path) with { ManifestPath = Path.GetFullPath(path) };
        if (!string.Equals(manifest.Name, Path.GetFileNameWithoutExtension(path), StringComparison.Ordinal))
        {
            throw new ModelManifestException($"{path}: name '{manifest.Name}' must equal the file stem; rename the file or fix 'name'.");
        }

        return manifest;
    }

    /// <summary>Parses a segmenter manifest from its bytes.</summary>
    /// <param name="json">The manifest's UTF-8 bytes.</param>
    /// <param name="path">Where it came from, for messages, or null.</param>
    /// <returns>The manifest, with <see cref="ManifestSha256"/> set.</returns>
    /// <exception cref="ModelManifestException">The text is not a valid segmenter manifest.</exception>
    public static SegmenterManifest Parse(byte[] json, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var where = path ?? "segmenter manifest";
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var manifest = Parse(document.RootElement) with { ManifestSha256 = Convert.ToHexStringLower(SHA256.HashData(json)) };
            manifest.Validate();
            return manifest;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new ModelManifestException($"{where}: {e.Message} See manifests/README.md (segmenter manifests).", e);
        }
    }

    private static SegmenterManifest Parse(JsonElement root)
    {
        var kind = root.TryGetProperty("kind", out var k) ? k.GetString() : "tile-encoder";
        if (kind != Kind)
        {
            throw new FormatException($"it is a '{kind}' manifest, not a segmenter (\"kind\": \"{Kind}\"); use it with --model or --slide-encoder instead of --tissue.");
        }

        SlideEncoderManifest.CheckKeys(root, s_topKeys, string.Empty);
        var version = root.GetProperty("schema_version").GetInt32();
        if (version != SchemaVersion)
        {
            throw new FormatException($"schema_version {version} is not supported (this version reads {SchemaVersion}).");
        }

        var onnx = Section(root, "onnx", s_onnxKeys);
        var tile = Section(root, "tile", s_tileKeys);
        var pre = Section(root, "preprocess", s_preKeys);
        var decision = Section(root, "decision", s_decisionKeys);
        var post = Section(root, "postprocess", s_postKeys);
        var classes = root.GetProperty("classes").GetArrayLength();
        return new SegmenterManifest
        {
            Name = root.GetProperty("name").GetString()!,
            DisplayName = root.GetProperty("display_name").GetString()!,
            Source = root.GetProperty("source").GetString()!,
            Licence = root.GetProperty("licence").GetString()!,
            Citation = Optional(root, "citation") ?? string.Empty,
            Trained = root.GetProperty("trained").GetBoolean(),
            ExportCommand = root.GetProperty("export").GetString()!,
            OnnxFile = onnx.GetProperty("file").GetString()!,
            OnnxSha256 = Optional(onnx, "sha256"),
            InputName = onnx.GetProperty("input").GetString()!,
            OutputName = onnx.GetProperty("output").GetString()!,
            OutputKind = Enum<SegmenterOutputKind>(onnx.GetProperty("output_kind").GetString(), "onnx.output_kind"),
            HwMultiple = onnx.GetProperty("hw_multiple").GetInt32(),
            Mpp = tile.GetProperty("mpp").GetDouble(),
            PatchSize = tile.GetProperty("size").GetInt32(),
            Overlap = tile.TryGetProperty("overlap", out var overlap) ? overlap.GetInt32() : 0,
            Edge = Enum<SegmenterEdge>(tile.GetProperty("edge").GetString(), "tile.edge"),
            TileSource = tile.TryGetProperty("source", out var source) ? Enum<SegmenterTileSource>(source.GetString(), "tile.source") : SegmenterTileSource.Thumbnail,
            BackgroundFill = tile.GetProperty("background_fill").EnumerateArray().Select(e => e.GetByte()).ToArray(),
            Jpeg = ParseJpeg(pre),
            Mean = pre.GetProperty("mean").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
            Std = pre.GetProperty("std").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
            Classes = root.GetProperty("classes").EnumerateArray().Select(e => e.GetString()!).ToArray(),
            Foreground = root.GetProperty("foreground").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            Rule = Enum<SegmenterRule>(decision.GetProperty("rule").GetString(), "decision.rule"),
            Threshold = decision.TryGetProperty("threshold", out var t) ? t.GetDouble() : 0.5,
            Stitch = Enum<SegmenterStitch>(root.GetProperty("stitch").GetString(), "stitch"),
            ContourMaskHeight = post.GetProperty("contour_mask_height").GetInt32(),
            MinAreaPixels = post.GetProperty("min_area_px").GetDouble(),
            MinHoleAreaPixels = post.GetProperty("min_hole_area_px").GetDouble(),
            MaxHoles = post.GetProperty("max_holes").GetInt32(),
            Notes = Optional(root, "notes") ?? string.Empty,
            Profiles = ParseProfiles(root, classes),
            Gate = ParseGate(root),
        };
    }

    private static JsonElement Section(JsonElement root, string key, string[] allowed)
    {
        var section = root.GetProperty(key);
        SlideEncoderManifest.CheckKeys(section, allowed, key + ".");
        return section;
    }

    private static SegmenterJpeg? ParseJpeg(JsonElement pre)
    {
        if (!pre.TryGetProperty("jpeg", out var jpeg) || jpeg.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (jpeg.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("preprocess.jpeg must be null or an object {\"quality\": 80, \"variant\": \"opencv_bgr_quirk\"}.");
        }

        SlideEncoderManifest.CheckKeys(jpeg, s_jpegKeys, "preprocess.jpeg.");
        return new SegmenterJpeg(jpeg.GetProperty("quality").GetInt32(), Enum<SegmenterJpegVariant>(jpeg.GetProperty("variant").GetString(), "preprocess.jpeg.variant"));
    }

    private static string? Optional(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // Manifests spell enum values in snake case (pad_beyond, fg_prob_gt); the C# names are Pascal case.
    private static T Enum<T>(string? text, string field)
        where T : struct, Enum
    {
        var spelled = text switch
        {
            "fg_prob_gt" => nameof(SegmenterRule.ForegroundProbabilityAbove),
            _ => text?.Replace("_", string.Empty, StringComparison.Ordinal),
        };
        return System.Enum.TryParse<T>(spelled, ignoreCase: true, out var value) && System.Enum.IsDefined(value)
            ? value
            : throw new FormatException($"{field} '{text}' is not one of: {string.Join(", ", System.Enum.GetNames<T>().Select(Snake))}.");
    }

    private static string Snake(string pascal) => pascal == nameof(SegmenterRule.ForegroundProbabilityAbove)
        ? "fg_prob_gt"
        : string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
