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
            var failed = 0;
            foreach (var file in files)
            {
                try
                {
                    var tileModel = TileModelOf(file);
                    var aggregation = Aggregations.Create(parse.GetValue(encoder)!, tileModel)
                        ?? throw new ArgumentException("--slide-encoder none computes nothing.");
                    var tiles = TileEmbeddingFile.Read(file);
                    var slideId = tiles.SlideId.Length > 0 ? tiles.SlideId : Path.GetFileName(file).Replace(".tiles.arrow", string.Empty, StringComparison.Ordinal);
                    var step = new ArrowSlideLevelStep(aggregation, tileModel.Name, parse.GetValue(extension));
                    var written = step.Write(file, slideId, outDir);
                    context.Out.WriteLine($"{slideId}: {aggregation.Name} ({aggregation.OutputMode}) over {tiles.Ok.Count(o => o)} tiles -> {written}");
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

    /// <summary>The tile encoder recorded in a tile file's provenance, as a minimal manifest (name and dimension).</summary>
    /// <param name="tilesFile">The tile file.</param>
    /// <returns>Name and dimension of its tile encoder.</returns>
    internal static ModelManifest TileModelOf(string tilesFile)
    {
        var meta = ArrowMetadata.TryRead(tilesFile) ?? throw new InvalidDataException("not a complete Arrow file.");
        if (!meta.TryGetValue(Provenance.MetadataKey, out var provenance))
        {
            throw new InvalidDataException("it has no SlideEmbed provenance; it is not a tile embedding file written by SlideEmbed.");
        }

        using var doc = JsonDocument.Parse(provenance);
        var model = doc.RootElement.GetProperty("config").GetProperty("model");
        return new ModelManifest
        {
            Name = model.GetProperty("name").GetString()!,
            DisplayName = model.GetProperty("name").GetString()!,
            Source = model.GetProperty("source").GetString() ?? string.Empty,
            Licence = string.Empty,
            Citation = string.Empty,
            Trained = model.GetProperty("trained").GetBoolean(),
            OnnxFile = model.GetProperty("onnx_file").GetString()!,
            InputName = "pixel_values",
            OutputName = "embedding",
            ExportCommand = string.Empty,
            TileMpp = doc.RootElement.GetProperty("config").GetProperty("target_mpp").GetDouble(),
            ReadSize = doc.RootElement.GetProperty("config").GetProperty("tile_size").GetInt32(),
            Transform = new Preprocessing.TileTransform(),
            InputSize = 1,
            Recipe = OutputRecipe.Pooled,
            Dimension = model.GetProperty("dimension").GetInt32(),
        };
    }
}
