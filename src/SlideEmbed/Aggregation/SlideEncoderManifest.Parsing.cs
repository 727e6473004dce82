using System.Text.Json;
using SlideEmbed.Models;

namespace SlideEmbed.Aggregation;

/// <content>JSON parsing with unknown-key rejection.</content>
public sealed partial record SlideEncoderManifest
{
    private static readonly string[] s_topKeys = ["schema_version", "kind", "encoder", "name", "display_name", "source", "licence", "citation", "trained", "architecture", "weights", "convert", "input", "model", "output", "notes"];
    private static readonly string[] s_weightsKeys = ["file", "format", "sha256"];
    private static readonly string[] s_inputKeys = ["tile_encoder", "dim", "coordinates", "coordinates_mpp"];
    private static readonly string[] s_modelKeys = ["width", "depth", "heads", "ffn_dim", "segment_lengths", "dilation_ratios", "tile_size", "grid_size", "layer_norm_eps", "norm_eps"];
    private static readonly string[] s_outputKeys = ["default", "dim", "choices"];

    /// <summary>Reads and validates a slide-encoder manifest file.</summary>
    /// <param name="path">The <c>.json</c> file.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ModelManifestException">The file is not a valid slide-encoder manifest; the message names the field.</exception>
    public static SlideEncoderManifest Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var manifest = Parse(File.ReadAllText(path), path);
        if (!string.Equals(manifest.Name, System.IO.Path.GetFileNameWithoutExtension(path), StringComparison.Ordinal))
        {
            throw new ModelManifestException($"{path}: name '{manifest.Name}' must equal the file stem.");
        }

        return manifest;
    }

    /// <summary>Parses a slide-encoder manifest from JSON text.</summary>
    /// <param name="json">The manifest text.</param>
    /// <param name="path">Where it came from (messages and weight lookup), or null.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ModelManifestException">The text is not a valid slide-encoder manifest.</exception>
    public static SlideEncoderManifest Parse(string json, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var where = path ?? "slide-encoder manifest";
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement, path);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new ModelManifestException($"{where}: {e.Message}", e);
        }
    }

    /// <summary>Whether a JSON manifest declares <c>"kind": "slide-encoder"</c> (tile-encoder manifests have no kind).</summary>
    /// <param name="json">Manifest text.</param>
    /// <returns>True for slide-encoder manifests.</returns>
    public static bool IsSlideEncoderManifest(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("kind", out var kind)
                && kind.ValueKind == JsonValueKind.String
                && kind.GetString() == KindName;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static SlideEncoderManifest Parse(JsonElement root, string? path)
    {
        CheckKeys(root, s_topKeys, string.Empty);
        var version = Required(root, "schema_version").GetInt32();
        if (version != SchemaVersion)
        {
            throw new FormatException($"schema_version {version} is not supported (this version reads {SchemaVersion}).");
        }

        var kind = Required(root, "kind").GetString();
        if (kind != KindName)
        {
            throw new FormatException($"kind '{kind}' is not '{KindName}'.");
        }

        if (root.TryGetProperty("encoder", out var encoder) && encoder.GetString() != "longnet")
        {
            throw new FormatException($"encoder '{encoder.GetString()}' is not a LongNet encoder; read it with NativeSlideEncoderManifest.");
        }

        var weights = Section(root, "weights", s_weightsKeys);
        var format = Required(weights, "format").GetString();
        if (format != "safetensors")
        {
            throw new FormatException($"weights.format '{format}' is not supported (only safetensors).");
        }

        var input = Section(root, "input", s_inputKeys);
        var model = Section(root, "model", s_modelKeys);
        var output = Section(root, "output", s_outputKeys);
        var frame = Required(input, "coordinates").GetString();
        var frameMpp = input.TryGetProperty("coordinates_mpp", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetDouble() : (double?)null;
        if (frame == "level0" && frameMpp is not null)
        {
            throw new FormatException("input.coordinates_mpp must be null when input.coordinates is level0.");
        }

        if (frame == "mpp" && frameMpp is null)
        {
            throw new FormatException("input.coordinates mpp needs input.coordinates_mpp (e.g. 0.5).");
        }

        if (frame is not ("level0" or "mpp"))
        {
            throw new FormatException($"input.coordinates '{frame}' is not level0 or mpp.");
        }

        var width = Required(model, "width").GetInt32();
        var dim = Required(output, "dim").GetInt32();
        if (dim != width)
        {
            throw new FormatException($"output.dim {dim} differs from model.width {width}.");
        }

        if (output.TryGetProperty("choices", out var choices) && choices.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
        {
            throw new FormatException("output.choices must be strings.");
        }

        var name = Required(root, "name").GetString()!;
        var options = new LongNetOptions
        {
            Name = name,
            Heads = Required(model, "heads").GetInt32(),
            SegmentLengths = Required(model, "segment_lengths").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            DilationRatios = Required(model, "dilation_ratios").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            TileSize = Required(model, "tile_size").GetInt32(),
            GridSize = Required(model, "grid_size").GetInt32(),
            LayerNormEpsilon = Required(model, "layer_norm_eps").GetDouble(),
            NormEpsilon = Required(model, "norm_eps").GetDouble(),
            Output = LongNetOutput.Parse(Required(output, "default").GetString()!),
            CoordinateMpp = Mpp(frameMpp),
        };
        options.Validate();
        var depth = Required(model, "depth").GetInt32();
        if (!options.Output.UsesFinalLayer && options.Output.Layer > depth)
        {
            throw new FormatException($"output.default '{options.Output}' needs hidden state {options.Output.Layer} but model.depth is {depth}.");
        }

        return new SlideEncoderManifest
        {
            Name = name,
            DisplayName = Required(root, "display_name").GetString()!,
            Source = Required(root, "source").GetString()!,
            Licence = Required(root, "licence").GetString()!,
            Citation = root.TryGetProperty("citation", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : string.Empty,
            Trained = Required(root, "trained").GetBoolean(),
            Architecture = Required(root, "architecture").GetString()!,
            WeightsFile = Required(weights, "file").GetString()!,
            WeightsSha256 = weights.TryGetProperty("sha256", out var sha) && sha.ValueKind == JsonValueKind.String ? sha.GetString() : null,
            ConvertCommand = Required(root, "convert").GetString()!,
            TileEncoder = Required(input, "tile_encoder").GetString()!,
            InputDimension = Required(input, "dim").GetInt32(),
            Width = width,
            Depth = depth,
            FfnDimension = Required(model, "ffn_dim").GetInt32(),
            OutputDimension = dim,
            Options = options,
            Path = path,
        };
    }

    internal static JsonElement Section(JsonElement root, string key, string[] allowed)
    {
        var section = Required(root, key);
        if (section.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"'{key}' must be an object.");
        }

        CheckKeys(section, allowed, key + ".");
        return section;
    }

    internal static JsonElement Required(JsonElement e, string key) =>
        e.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : throw new FormatException($"'{key}' is missing.");

    internal static void CheckKeys(JsonElement e, string[] allowed, string prefix)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"'{prefix.TrimEnd('.')}' must be an object.");
        }

        foreach (var property in e.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                throw new FormatException($"unknown key '{prefix}{property.Name}' (known: {string.Join(", ", allowed)}).");
            }
        }
    }
}
