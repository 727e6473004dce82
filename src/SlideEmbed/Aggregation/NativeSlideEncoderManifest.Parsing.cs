using System.Text.Json;
using SlideEmbed.Models;

namespace SlideEmbed.Aggregation;

/// <content>JSON parsing with unknown-key rejection (the helpers are the LongNet manifest's).</content>
public sealed partial record NativeSlideEncoderManifest
{
    private static readonly string[] s_topKeys = ["schema_version", "kind", "encoder", "name", "display_name", "source", "licence", "citation", "trained", "architecture", "weights", "convert", "input", "model", "output", "notes"];
    private static readonly string[] s_weightsKeys = ["file", "format", "sha256"];
    private static readonly string[] s_inputKeys = ["tile_encoder", "dim", "tile_mpp", "tile_size", "coordinates"];
    private static readonly string[] s_modelKeys = ["width", "depth", "heads", "pooler_heads"];
    private static readonly string[] s_outputKeys = ["dim"];

    /// <summary>Whether a slide-encoder manifest names a non-LongNet <c>encoder</c>, i.e. is read by this type.</summary>
    /// <param name="json">Manifest text.</param>
    /// <returns>True for TITAN, FEATHER, CHIEF and MADELEINE manifests.</returns>
    public static bool Declares(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return SlideEncoderManifest.IsSlideEncoderManifest(json)
                && document.RootElement.TryGetProperty("encoder", out var encoder)
                && encoder.ValueKind == JsonValueKind.String
                && encoder.GetString() != "longnet";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads and validates a manifest file.</summary>
    /// <param name="path">The <c>.json</c> file.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ModelManifestException">Not a valid manifest; the message names the field.</exception>
    public static NativeSlideEncoderManifest Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var manifest = Parse(File.ReadAllText(path), path);
        if (!string.Equals(manifest.Name, System.IO.Path.GetFileNameWithoutExtension(path), StringComparison.Ordinal))
        {
            throw new ModelManifestException($"{path}: name '{manifest.Name}' must equal the file stem.");
        }

        return manifest;
    }

    /// <summary>Parses a manifest from JSON text.</summary>
    /// <param name="json">The manifest text.</param>
    /// <param name="path">Where it came from (messages and weight lookup), or null.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ModelManifestException">The text is not a valid manifest.</exception>
    public static NativeSlideEncoderManifest Parse(string json, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement, path);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new ModelManifestException($"{path ?? "slide-encoder manifest"}: {e.Message}", e);
        }
    }

    private static NativeSlideEncoderManifest Parse(JsonElement root, string? path)
    {
        SlideEncoderManifest.CheckKeys(root, s_topKeys, string.Empty);
        var version = SlideEncoderManifest.Required(root, "schema_version").GetInt32();
        if (version != SlideEncoderManifest.SchemaVersion)
        {
            throw new FormatException($"schema_version {version} is not supported (this version reads {SlideEncoderManifest.SchemaVersion}).");
        }

        if (SlideEncoderManifest.Required(root, "kind").GetString() != SlideEncoderManifest.KindName)
        {
            throw new FormatException($"kind must be '{SlideEncoderManifest.KindName}'.");
        }

        var encoderText = SlideEncoderManifest.Required(root, "encoder").GetString();
        var encoder = encoderText switch
        {
            "titan" => SlideEncoderArchitecture.Titan,
            "feather" => SlideEncoderArchitecture.Feather,
            "chief" => SlideEncoderArchitecture.Chief,
            "madeleine" => SlideEncoderArchitecture.Madeleine,
            _ => throw new FormatException($"encoder '{encoderText}' is not one of titan, feather, chief, madeleine (longnet manifests are read by SlideEncoderManifest)."),
        };

        var weights = SlideEncoderManifest.Section(root, "weights", s_weightsKeys);
        if (SlideEncoderManifest.Required(weights, "format").GetString() != "safetensors")
        {
            throw new FormatException("weights.format must be safetensors.");
        }

        var input = SlideEncoderManifest.Section(root, "input", s_inputKeys);
        var model = SlideEncoderManifest.Section(root, "model", s_modelKeys);
        var output = SlideEncoderManifest.Section(root, "output", s_outputKeys);
        var coordinates = SlideEncoderManifest.Required(input, "coordinates").GetString();
        var expectedCoordinates = encoder == SlideEncoderArchitecture.Titan ? "level0" : "none";
        if (coordinates != expectedCoordinates)
        {
            throw new FormatException($"input.coordinates must be '{expectedCoordinates}' for encoder '{encoderText}'.");
        }

        var heads = SlideEncoderManifest.Required(model, "heads").GetInt32();
        var poolerHeads = model.TryGetProperty("pooler_heads", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0;
        if (heads < 1 || (encoder == SlideEncoderArchitecture.Titan && poolerHeads < 1))
        {
            throw new FormatException("model.heads (and model.pooler_heads for titan) must be at least 1.");
        }

        var tileMpp = SlideEncoderManifest.Required(input, "tile_mpp").GetDouble();
        var tileSize = SlideEncoderManifest.Required(input, "tile_size").GetInt32();
        if (!(tileMpp > 0) || tileSize < 1)
        {
            throw new FormatException("input.tile_mpp and input.tile_size must be positive.");
        }

        return new NativeSlideEncoderManifest
        {
            Name = SlideEncoderManifest.Required(root, "name").GetString()!,
            DisplayName = SlideEncoderManifest.Required(root, "display_name").GetString()!,
            Source = SlideEncoderManifest.Required(root, "source").GetString()!,
            Licence = SlideEncoderManifest.Required(root, "licence").GetString()!,
            Citation = root.TryGetProperty("citation", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : string.Empty,
            Trained = SlideEncoderManifest.Required(root, "trained").GetBoolean(),
            Encoder = encoder,
            Architecture = SlideEncoderManifest.Required(root, "architecture").GetString()!,
            WeightsFile = SlideEncoderManifest.Required(weights, "file").GetString()!,
            WeightsSha256 = weights.TryGetProperty("sha256", out var sha) && sha.ValueKind == JsonValueKind.String ? sha.GetString() : null,
            ConvertCommand = SlideEncoderManifest.Required(root, "convert").GetString()!,
            TileEncoder = SlideEncoderManifest.Required(input, "tile_encoder").GetString()!,
            InputDimension = SlideEncoderManifest.Required(input, "dim").GetInt32(),
            TileMpp = tileMpp,
            TileSize = tileSize,
            Heads = heads,
            PoolerHeads = poolerHeads,
            OutputDimension = SlideEncoderManifest.Required(output, "dim").GetInt32(),
            Path = path,
        };
    }
}
