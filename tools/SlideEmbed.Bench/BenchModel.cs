using System.Text.Json.Nodes;
using SlideEmbed.Models;

namespace SlideEmbed.Bench;

/// <summary>
/// The ViT-B/16-shaped model of the embedding benchmarks: <c>bench-data/vit-b16.onnx</c>, exported with
/// random weights by tools/export_onnx.py (<c>--model custom</c> is ViT-B/16: D768, 12 blocks, 12 heads),
/// and a manifest written beside it that reads 256 px at 0.5 mpp, resizes to 224 (bilinear), crops 224.
/// Random weights cost exactly what trained ones do.
/// </summary>
internal static class BenchModel
{
    public const string OnnxFile = "vit-b16.onnx";

    public const string ExportCommand = "/usr/bin/python3 tools/export_onnx.py --model custom --random-weights --seed 0 --out bench-data/vit-b16.onnx";

    /// <summary>Loads <c>--model</c> (a manifest path or a catalog name), else the ViT-B/16 bench model.</summary>
    public static (ModelManifest Manifest, string OnnxPath) Resolve(BenchData data, string? model)
    {
        if (model is not null)
        {
            var catalog = ModelCatalog.Default();
            var m = catalog.Find(model);
            return (m, catalog.LocateModelFile(m));
        }

        var onnx = Path.Combine(data.Folder, OnnxFile);
        if (!File.Exists(onnx))
        {
            throw new FileNotFoundException($"'{onnx}' is missing; export it with: {ExportCommand} (tools/bench.sh does this).");
        }

        var path = Path.Combine(data.Folder, "bench-vit-b16.json");
        File.WriteAllText(path, Manifest().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        return (ModelManifest.Load(path), onnx);
    }

    private static JsonObject Manifest() => new()
    {
        ["schema_version"] = 1,
        ["name"] = "bench-vit-b16",
        ["display_name"] = "Benchmark ViT-B/16 (DEMO - random weights, not trained)",
        ["source"] = "tools/export_onnx.py --model custom --random-weights",
        ["licence"] = "Apache-2.0 (as SlideEmbed)",
        ["citation"] = null,
        ["trained"] = false,
        ["architecture"] = "ViT-B/16: patch 16, D768, 12 blocks, 12 heads, GELU MLP 3072",
        ["onnx"] = new JsonObject
        {
            ["file"] = OnnxFile,
            ["sha256"] = null,
            ["input"] = "pixel_values",
            ["output"] = "last_hidden_state",
            ["external_data"] = false,
        },
        ["export"] = ExportCommand,
        ["tile"] = new JsonObject { ["mpp"] = 0.5, ["read_size"] = 256 },
        ["preprocess"] = new JsonObject
        {
            ["resize"] = new JsonObject { ["size"] = 224, ["interpolation"] = "bilinear", ["antialias"] = true },
            ["crop"] = 224,
            ["mean"] = new JsonArray(0.485, 0.456, 0.406),
            ["std"] = new JsonArray(0.229, 0.224, 0.225),
        },
        ["input_size"] = 224,
        ["output"] = new JsonObject { ["recipe"] = "cls", ["prefix_tokens"] = 1, ["dim"] = 768 },
        ["precision"] = "fp32",
    };
}
