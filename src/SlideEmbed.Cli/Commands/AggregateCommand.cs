using System.CommandLine;
using System.Text.Json;
using SlideEmbed.Arrow;
using SlideEmbed.Models;
using SlideEmbed.Output;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// <c>slideembed aggregate &lt;tile files or folders&gt;... --slide-encoder NAME --out DIR</c>: slide embeddings
/// from existing tile embedding files, without recomputing tiles.
/// </summary>
public static class AggregateCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var inputs = new Argument<string[]>("tiles") { Description = "Tile embedding files (*.tiles.arrow) or folders holding them.", Arity = ArgumentArity.OneOrMore };
        var encoder = new Option<string>("--slide-encoder") { Description = $"Aggregator: {string.Join(", ", Aggregations.Names.Where(n => n != "none"))} or a slide-encoder manifest path (slide encoders take an output mode after a colon, e.g. gigapath-slide:cls).", Required = true };
        var output = CommonOptions.Out();
        var extension = new Option<bool>("--tensor-extension") { Description = "Mark the embedding column as arrow.fixed_shape_tensor." };
        var command = new Command("aggregate", "Compute slide embeddings from existing tile embedding files (writes <out>/<slide_id>.slide.arrow).")
        {
            inputs, encoder, output, extension,
        };
        command.SetAction(parse =>
        {
            var files = new List<string>();
            foreach (var input in parse.GetValue(inputs)!)
            {
                if (Directory.Exists(input))
                {
                    files.AddRange(Directory.GetFiles(input, "*.tiles.arrow").Order(StringComparer.Ordinal));
                }
                else if (File.Exists(input))
                {
                    files.Add(Path.GetFullPath(input));
                }
                else
                {
                    context.Error.WriteLine($"error: '{input}' does not exist.");
                    return ExitCodes.Usage;
                }
            }

            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            var spec = parse.GetValue(encoder)!;

            // One aggregator per tile encoder, loaded once for every file (a slide encoder's weights are large).
            var aggregations = new Dictionary<(string Name, int Dimension), SlideAggregation>();
            var failed = 0;
            foreach (var file in files)
            {
                try
                {
                    var tileModel = TileModelOf(file);
                    if (!aggregations.TryGetValue((tileModel.Name, tileModel.Dimension), out var aggregation))
                    {
                        aggregation = Aggregations.Create(spec, tileModel)
                            ?? throw new ArgumentException("--slide-encoder none computes nothing.");
                        aggregations[(tileModel.Name, tileModel.Dimension)] = aggregation;
                    }

                    var written = Aggregate(file, aggregation, tileModel.Name, outDir, parse.GetValue(extension), out var slideId, out var used);
                    context.Out.WriteLine($"{slideId}: {aggregation.Name} ({aggregation.OutputMode}) over {used} tiles -> {written}");
                }
                catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or FormatException or KeyNotFoundException or JsonException or ModelManifestException)
                {
                    failed++;
                    context.Error.WriteLine($"error: {file}: {e.Message}");
                }
            }

            return files.Count == 0 ? ExitCodes.Usage : ExitCodes.ForBatch(files.Count, failed);
        });
        return command;
    }

    /// <summary>
    /// Reads a tile file's readable tiles once, aggregates them and writes <c>&lt;out&gt;/&lt;slide id&gt;.slide.arrow</c>
    /// with the tile file's provenance and the aggregator added.
    /// </summary>
    private static string Aggregate(string file, SlideAggregation aggregation, string tileEncoder, string outDir, bool tensorExtension, out string slideId, out int used)
    {
        var tiles = ReadableTileEmbeddings.Read(file);
        slideId = tiles.SlideId.Length > 0 ? tiles.SlideId : Path.GetFileName(file).Replace(".tiles.arrow", string.Empty, StringComparison.Ordinal);
        if (tiles.Count == 0)
        {
            throw new InvalidDataException($"'{file}' has no readable tiles; a slide embedding needs at least one.");
        }

        var embedding = aggregation.Aggregate(tiles.Embeddings, tiles.Count, tiles.Dimension, tiles.Xs, tiles.Ys);
        var path = Path.Combine(outDir, slideId + ".slide.arrow");
        var metadata = SlideFileMetadata.FromTiles(tiles.Metadata, aggregation.Name, aggregation.OutputMode, file);
        SlideEmbeddingFile.Write(path, new SlideEmbeddingRow(slideId, tileEncoder, aggregation.Name, aggregation.OutputMode, tiles.Count, embedding), metadata, tensorExtension);
        used = tiles.Count;
        return path;
    }

    /// <summary>
    /// The tile encoder recorded in a tile file's provenance, as a minimal manifest: the name and the
    /// dimension are required (docs/FORMAT.md, "Tile files from other tools"), the rest is informative.
    /// </summary>
    /// <param name="tilesFile">The tile file.</param>
    /// <returns>Name and dimension of its tile encoder.</returns>
    /// <exception cref="InvalidDataException">Not an Arrow file, or a required provenance key is missing; the message names the key.</exception>
    internal static ModelManifest TileModelOf(string tilesFile)
    {
        var meta = ArrowMetadata.TryRead(tilesFile) ?? throw new InvalidDataException("not a complete Arrow file.");
        if (!meta.TryGetValue(Provenance.MetadataKey, out var provenance))
        {
            throw new InvalidDataException($"it has no '{Provenance.MetadataKey}' schema metadata; aggregate needs at least {{\"config\": {{\"model\": {{\"name\": ..., \"dimension\": ...}}}}}} there (docs/FORMAT.md).");
        }

        using var doc = JsonDocument.Parse(provenance);
        var config = Required(doc.RootElement, "config", JsonValueKind.Object);
        var model = Required(config, "config.model", JsonValueKind.Object);
        var name = Required(model, "config.model.name", JsonValueKind.String).GetString()!;
        return new ModelManifest
        {
            Name = name,
            DisplayName = name,
            Source = Optional(model, "source")?.GetString() ?? string.Empty,
            Licence = string.Empty,
            Citation = string.Empty,
            Trained = Optional(model, "trained") is { ValueKind: JsonValueKind.True },
            OnnxFile = Optional(model, "onnx_file")?.GetString() ?? string.Empty,
            InputName = "pixel_values",
            OutputName = "embedding",
            ExportCommand = string.Empty,
            TileMpp = Optional(config, "target_mpp") is { ValueKind: JsonValueKind.Number } mpp ? mpp.GetDouble() : 0,
            ReadSize = Optional(config, "tile_size") is { ValueKind: JsonValueKind.Number } size ? size.GetInt32() : 0,
            Transform = new Preprocessing.TileTransform(),
            InputSize = 1,
            Recipe = OutputRecipe.Pooled,
            Dimension = Required(model, "config.model.dimension", JsonValueKind.Number).GetInt32(),
        };
    }

    private static JsonElement Required(JsonElement parent, string path, JsonValueKind kind)
    {
        var key = path[(path.LastIndexOf('.') + 1)..];
        return parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(key, out var value) && value.ValueKind == kind
            ? value
            : throw new InvalidDataException($"its '{Provenance.MetadataKey}' metadata has no {kind.ToString().ToLowerInvariant()} '{path}'; aggregate needs config.model.name and config.model.dimension (docs/FORMAT.md).");
    }

    private static JsonElement? Optional(JsonElement parent, string key) =>
        parent.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
