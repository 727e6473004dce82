using System.Text.Json;
using SlideEmbed.Preprocessing;

namespace SlideEmbed.Models;

/// <content>JSON parsing with unknown-key rejection.</content>
public sealed partial record ModelManifest
{
    private static readonly string[] s_topKeys = ["schema_version", "kind", "name", "display_name", "source", "licence", "citation", "trained", "architecture", "onnx", "export", "tile", "preprocess", "input_size", "output", "precision", "notes", "check"];
    private static readonly string[] s_onnxKeys = ["file", "sha256", "input", "output", "external_data"];
    private static readonly string[] s_tileKeys = ["mpp", "read_size"];
    private static readonly string[] s_preKeys = ["resize", "crop", "mean", "std"];
    private static readonly string[] s_resizeKeys = ["size", "interpolation", "antialias"];
    private static readonly string[] s_outputKeys = ["recipe", "prefix_tokens", "dim"];

    private static ModelManifest Parse(JsonElement root)
    {
        if (root.TryGetProperty("kind", out var kind) && kind.GetString() != "tile-encoder")
        {
            throw new FormatException(kind.GetString() == "segmenter"
                ? "it is a segmenter manifest, not a tile encoder; use it with --tissue."
                : $"it is a '{kind.GetString()}' manifest, not a tile encoder; use it with --slide-encoder.");
        }

        CheckKeys(root, s_topKeys, "");
        var version = root.GetProperty("schema_version").GetInt32();
        if (version != SchemaVersion)
        {
            throw new FormatException($"schema_version {version} is not supported (this version reads {SchemaVersion}).");
        }

        var onnx = root.GetProperty("onnx");
        CheckKeys(onnx, s_onnxKeys, "onnx.");
        var tile = root.GetProperty("tile");
        CheckKeys(tile, s_tileKeys, "tile.");
        var pre = root.GetProperty("preprocess");
        CheckKeys(pre, s_preKeys, "preprocess.");
        var output = root.GetProperty("output");
        CheckKeys(output, s_outputKeys, "output.");

        int? resizeSize = null;
        var interpolation = Interpolation.Bilinear;
        if (pre.TryGetProperty("resize", out var resize) && resize.ValueKind != JsonValueKind.Null)
        {
            CheckKeys(resize, s_resizeKeys, "preprocess.resize.");
            resizeSize = resize.GetProperty("size").GetInt32();
            interpolation = ParseEnum<Interpolation>(resize.GetProperty("interpolation").GetString(), "preprocess.resize.interpolation");
            if (resize.TryGetProperty("antialias", out var aa) && !aa.GetBoolean())
            {
                throw new FormatException("preprocess.resize.antialias false is not supported: PIL images are always resized with antialiasing.");
            }
        }

        return new ModelManifest
        {
            Name = root.GetProperty("name").GetString()!,
            DisplayName = root.GetProperty("display_name").GetString()!,
            Source = root.GetProperty("source").GetString()!,
            Licence = root.GetProperty("licence").GetString()!,
            Citation = OptionalString(root, "citation") ?? string.Empty,
            Trained = root.GetProperty("trained").GetBoolean(),
            OnnxFile = onnx.GetProperty("file").GetString()!,
            OnnxSha256 = OptionalString(onnx, "sha256"),
            InputName = onnx.GetProperty("input").GetString()!,
            OutputName = onnx.GetProperty("output").GetString()!,
            ExternalData = onnx.TryGetProperty("external_data", out var ext) && ext.GetBoolean(),
            ExportCommand = root.GetProperty("export").GetString()!,
            TileMpp = tile.GetProperty("mpp").GetDouble(),
            EdgeAtTargetPx = tile.GetProperty("read_size").GetInt32(),
            Transform = new TileTransform
            {
                ResizeSize = resizeSize,
                Interpolation = interpolation,
                CropSize = pre.TryGetProperty("crop", out var crop) && crop.ValueKind != JsonValueKind.Null ? crop.GetInt32() : null,
                Mean = pre.GetProperty("mean").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
                Std = pre.GetProperty("std").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
            },
            InputSize = root.GetProperty("input_size").GetInt32(),
            Recipe = ParseEnum<OutputRecipe>(output.GetProperty("recipe").GetString()?.Replace("_", string.Empty, StringComparison.Ordinal), "output.recipe"),
            PrefixTokens = output.TryGetProperty("prefix_tokens", out var prefix) ? prefix.GetInt32() : 1,
            Dimension = output.GetProperty("dim").GetInt32(),
            Precision = root.TryGetProperty("precision", out var p) ? ParseEnum<ModelPrecision>(p.GetString(), "precision") : ModelPrecision.Fp32,
            Check = root.TryGetProperty("check", out var check) && check.ValueKind != JsonValueKind.Null ? ParityCheck.Parse(check) : null,
        };
    }

    private static string? OptionalString(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static T ParseEnum<T>(string? text, string field)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new FormatException($"{field} '{text}' is not one of: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");

    private static void CheckKeys(JsonElement e, string[] allowed, string prefix)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"'{prefix.TrimEnd('.')}' must be an object.");
        }

        var unknown = e.EnumerateObject().Select(p => p.Name).Where(n => !allowed.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new FormatException($"unknown key(s) {string.Join(", ", unknown.Select(u => $"'{prefix}{u}'"))}; allowed: {string.Join(", ", allowed)}.");
        }
    }
}
