using System.Text.Json;
using SlideEmbed.Aggregation;
using SlideEmbed.Arrow;
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
        var encoder = new Option<string>("--slide-encoder") { Description = $"Aggregator: {string.Join(", ", SlideAggregators.Names.Where(n => n != "none"))} or a slide-encoder manifest path (slide encoders take an output mode after a colon, e.g. gigapath-slide:cls).", Required = true };
        var output = OptionFlags.Out();
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

            if (InputGuards.OutputFolder(parse.GetValue(output)) is { } outError)
            {
                context.Error.WriteLine($"error: {outError}");
                return ExitCodes.Usage;
            }

            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            var failed = 0;
            // Slide encoders are loaded once per tile encoder, not once per file.
            var aggregations = new Dictionary<(string, int), SlideAggregation>();
            var writtenBy = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                try
                {
                    var source = TileSourceOf(file);
                    var key = (source.TileModel.Name, source.TileModel.Dimension);
                    if (!aggregations.TryGetValue(key, out var aggregation))
                    {
                        aggregation = SlideAggregators.Create(parse.GetValue(encoder)!, source.TileModel)
                            ?? throw new ArgumentException("--slide-encoder none computes nothing.");
                        aggregations[key] = aggregation;
                    }

                    var slideId = source.SlideId ?? Path.GetFileName(file).Replace(".tiles.arrow", string.Empty, StringComparison.Ordinal);
                    if (writtenBy.TryGetValue(slideId, out var first))
                    {
                        throw new ArgumentException($"its slide id '{slideId}' is also the id of '{first}', whose slide file this run already wrote; aggregate the two into different --out folders.");
                    }

                    var tiles = ReadableTileEmbeddings.Read(file);
                    var step = new ArrowSlideLevelStep(aggregation, source.TileModel.Name, parse.GetValue(extension));
                    var written = step.Write(tiles, file, slideId, outDir, source.SlideMpp);
                    writtenBy[slideId] = file;
                    context.Out.WriteLine($"{slideId}: {aggregation.Name} ({aggregation.OutputMode}) over {tiles.Count} tiles -> {written}");
                }
                catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or FormatException or KeyNotFoundException or JsonException or ModelManifestException or UnauthorizedAccessException)
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
    /// What <c>aggregate</c> needs from a tile file's provenance: the tile encoder and its width (required, see
    /// docs/FORMAT.md, "Tile files from other tools"), the slide id and the slide's resolution (optional).
    /// </summary>
    /// <param name="tilesFile">The tile file.</param>
    /// <returns>The facts.</returns>
    /// <exception cref="InvalidDataException">Not an Arrow file, or a required provenance key is missing; the message names the key.</exception>
    internal static TileSource TileSourceOf(string tilesFile)
    {
        var meta = ArrowMetadata.TryRead(tilesFile) ?? throw new InvalidDataException("not a complete Arrow file.");
        if (!meta.TryGetValue(Provenance.MetadataKey, out var provenance))
        {
            throw new InvalidDataException($"it has no '{Provenance.MetadataKey}' schema metadata; aggregate needs at least {{\"config\": {{\"model\": {{\"name\": ..., \"dimension\": ...}}}}}} there (docs/FORMAT.md).");
        }

        using var doc = JsonDocument.Parse(provenance);
        var config = Required(doc.RootElement, "config", JsonValueKind.Object);
        var model = Required(config, "config.model", JsonValueKind.Object);
        var x = Optional(config, "slide_mpp_x") is { ValueKind: JsonValueKind.Number } mx ? mx.GetDouble() : 0;
        var y = Optional(config, "slide_mpp_y") is { ValueKind: JsonValueKind.Number } my ? my.GetDouble() : 0;
        var name = Required(model, "config.model.name", JsonValueKind.String).GetString()!;
        var tileModel = new ModelManifest
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
            EdgeAtTargetPx = Optional(config, "tile_size") is { ValueKind: JsonValueKind.Number } size ? size.GetInt32() : 0,
            Transform = new Preprocessing.TileTransform(),
            InputSize = 1,
            Recipe = OutputRecipe.Pooled,
            Dimension = Required(model, "config.model.dimension", JsonValueKind.Number).GetInt32(),
        };
        return new TileSource(
            tileModel,
            Optional(doc.RootElement, "slide_id") is { ValueKind: JsonValueKind.String } id && id.GetString()!.Length > 0 ? id.GetString() : null,
            x > 0 && y > 0 ? new Geometry.MicronsPerPixel(x, y) : null);
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

    /// <summary>The facts <c>aggregate</c> reads from a tile file's provenance.</summary>
    /// <param name="TileModel">The tile encoder as a minimal manifest: name and width, and the tile resolution and size when recorded.</param>
    /// <param name="SlideId">The slide id, or null.</param>
    /// <param name="SlideMpp">The slide's level-0 resolution, or null.</param>
    internal sealed record TileSource(ModelManifest TileModel, string? SlideId, Geometry.MicronsPerPixel? SlideMpp);
}
