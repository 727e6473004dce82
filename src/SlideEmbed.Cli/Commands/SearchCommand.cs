using System.Globalization;
using System.Text.Json;
using SlideEmbed.Arrow;
using SlideEmbed.Arrow.Cohort;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// <c>slideembed search &lt;model folder&gt;... --slide ID | --tile ID:INDEX | --vector FILE --k 20</c>: the nearest
/// slides or tiles by cosine similarity (exact), as a table or JSON, with tile coordinates for QuPath.
/// </summary>
public static class SearchCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var inputs = new Argument<string[]>("folders") { Description = "Model folders written by 'slideembed embed' (or tile and slide files) to search.", Arity = ArgumentArity.OneOrMore };
        var slide = new Option<string?>("--slide") { Description = "Query with this slide's slide embedding (<ID>.slide.arrow)." };
        var tile = new Option<string?>("--tile") { Description = "Query with one tile's embedding, as SLIDE_ID:TILE_INDEX." };
        var vector = new Option<string?>("--vector") { Description = "Query with a vector from a text file (numbers separated by spaces, commas or newlines; a JSON array works)." };
        var k = new Option<int>("--k") { Description = "Hits to return.", DefaultValueFactory = _ => 20 };
        var over = new Option<string?>("--over") { Description = "Search slides or tiles (default: slides for --slide, tiles otherwise)." };
        var json = new Option<bool>("--json") { Description = "Print the hits as JSON." };
        var threads = new Option<int>("--threads") { Description = "Threads for scoring.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("search", "Find the nearest slides or tiles of a cohort by cosine similarity (exact search).")
        {
            inputs, slide, tile, vector, k, over, json, threads,
        };
        command.SetAction(parse => CohortErrors.Run(context, () =>
        {
            var queries = new[] { parse.GetValue(slide), parse.GetValue(tile), parse.GetValue(vector) }.Count(q => q is not null);
            if (queries != 1)
            {
                throw new ArgumentException("Give exactly one query: --slide ID, --tile ID:INDEX or --vector FILE.");
            }

            var count = parse.GetValue(k);
            if (count < 1)
            {
                throw new ArgumentException($"--k must be at least 1 (got {count}).");
            }

            var overSlides = (parse.GetValue(over) ?? (parse.GetValue(slide) is null ? "tiles" : "slides")).ToLowerInvariant() switch
            {
                "slides" => true,
                "tiles" => false,
                var other => throw new ArgumentException($"--over '{other}' is not slides or tiles."),
            };
            var folders = parse.GetValue(inputs)!;
            var tileFiles = CohortInputs.Files(folders, ".tiles.arrow");
            var slideFiles = CohortInputs.Files(folders, ".slide.arrow");
            string? excludeSlide = null;
            (string, int)? excludeTile = null;
            float[] query;
            if (parse.GetValue(slide) is { } slideId)
            {
                var file = slideFiles.FirstOrDefault(f => Path.GetFileName(f) == slideId + ".slide.arrow")
                    ?? throw new KeyNotFoundException($"No {slideId}.slide.arrow in the given folders; run 'slideembed aggregate' for slide embeddings, or query with --tile.");
                query = SlideEmbeddingFileReader.Read(file).Embedding;
                excludeSlide = slideId;
            }
            else if (parse.GetValue(tile) is { } tileId)
            {
                var colon = tileId.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(tileId[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
                {
                    throw new ArgumentException($"--tile '{tileId}' is not SLIDE_ID:TILE_INDEX.");
                }

                query = CohortSearch.TileEmbedding(tileFiles, tileId[..colon], index);
                excludeTile = (tileId[..colon], index);
                excludeSlide = tileId[..colon];
            }
            else
            {
                query = ReadVector(parse.GetValue(vector)!);
            }

            var files = overSlides ? slideFiles : tileFiles;
            if (files.Count == 0)
            {
                throw new ArgumentException($"No {(overSlides ? "*.slide.arrow" : "*.tiles.arrow")} files in the given folders.");
            }

            var log = CohortErrors.Log(context);
            var hits = overSlides
                ? CohortSearch.Slides(files, query, count, parse.GetValue(slide) is null ? null : excludeSlide)
                : CohortSearch.Tiles(files, query, count, parse.GetValue(threads), excludeTile, (done, total) =>
                {
                    if (done == total || done % 100 == 0)
                    {
                        log($"searched {done}/{total} slides");
                    }
                });
            Print(context.Out, hits, parse.GetValue(json));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static float[] ReadVector(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Vector file '{path}' does not exist.");
        }

        var values = new List<float>();
        foreach (var token in File.ReadAllText(path).Split([' ', ',', '\n', '\r', '\t', '[', ']'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidDataException($"'{path}': '{token}' is not a number; the vector file holds numbers separated by spaces, commas or newlines.");
            }

            values.Add(value);
        }

        return values.Count > 0 ? [.. values] : throw new InvalidDataException($"'{path}' holds no numbers.");
    }

    private static void Print(TextWriter output, IReadOnlyList<SearchResult> hits, bool json)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(hits.Select(h => new Dictionary<string, object?>
            {
                ["rank"] = h.Rank, ["score"] = h.Score, ["slide_id"] = h.SlideId, ["tile_index"] = h.TileIndex,
                ["x"] = h.X, ["y"] = h.Y, ["level0_tile_size"] = h.Size, ["file"] = h.File,
            })));
            return;
        }

        output.WriteLine("rank  score     slide_id                          tile_index  x          y          size");
        foreach (var h in hits)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{h.Rank,-5} {h.Score,-9:0.000000} {h.SlideId,-33} {h.TileIndex?.ToString(CultureInfo.InvariantCulture) ?? "-",-11} {h.X?.ToString(CultureInfo.InvariantCulture) ?? "-",-10} {h.Y?.ToString(CultureInfo.InvariantCulture) ?? "-",-10} {h.Size?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));
        }
    }
}
