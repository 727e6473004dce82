using SlideEmbed.Arrow.Cohort;
using SlideEmbed.Cohort;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// <c>slideembed heatmap &lt;tile file&gt;... --by pca|token|score:FILE.csv --out DIR</c>: paints each slide's
/// tiles by their embeddings' principal components, their morphology tokens or a user's score, as PNG
/// and as QuPath-importable GeoJSON.
/// </summary>
public static class HeatmapCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tiles = new Argument<string[]>("tiles") { Description = "Tile embedding files (*.tiles.arrow) or folders holding them.", Arity = ArgumentArity.OneOrMore };
        var by = new Option<string>("--by")
        {
            Description = "pca (first three components as RGB), token (needs --codebook) or score:FILE.csv[:COLUMN] (a CSV with tile_index and a score column).",
            Required = true,
        };
        var codebook = new Option<string?>("--codebook") { Description = "For --by token: the codebook from 'slideembed tokens fit'." };
        var pcaOn = new Option<string[]>("--pca-cohort") { Description = "For --by pca: fit the components once on a sample of these folders' tiles (same colours across slides) instead of per slide.", AllowMultipleArgumentsPerToken = true };
        var alpha = new Option<double>("--alpha") { Description = "Opacity of the tile colours, 0 to 1.", DefaultValueFactory = _ => 1.0 };
        var slide = new Option<string?>("--slide") { Description = "The slide whose thumbnail to paint on (one tile file only), or 'none' for a white canvas; default: the slide recorded in the tile file, when it still exists." };
        var output = OptionFlags.Out();
        var command = new Command("heatmap", "Paint tiles by PCA of their embeddings, by morphology token or by a per-tile score: <out>/<slide_id>.heatmap-<mode>.png and .geojson.")
        {
            tiles, by, codebook, pcaOn, alpha, slide, output,
        };
        command.SetAction(parse => CohortErrors.Run(context, () =>
        {
            var (mode, scoreFile, scoreColumn) = ParseBy(parse.GetValue(by)!);
            if (mode == HeatmapMode.Token && parse.GetValue(codebook) is null)
            {
                throw new ArgumentException("--by token needs --codebook FILE (from 'slideembed tokens fit').");
            }

            if (scoreFile is not null && !File.Exists(scoreFile))
            {
                throw new FileNotFoundException($"Score file '{scoreFile}' does not exist; give a CSV with a header 'tile_index,score'.");
            }

            var opacity = parse.GetValue(alpha);
            if (opacity is < 0 or > 1)
            {
                throw new ArgumentException($"--alpha must be between 0 and 1 (got {opacity}).");
            }

            var files = CohortInputs.Files(parse.GetValue(tiles)!, ".tiles.arrow");
            if (files.Count == 0)
            {
                throw new ArgumentException("No *.tiles.arrow files in the given folders.");
            }

            var slidePath = parse.GetValue(slide);
            if (slidePath is not null && slidePath != "none" && files.Count > 1)
            {
                throw new ArgumentException("--slide PATH paints one tile file; give one, or leave --slide out to use each file's recorded slide.");
            }

            if (slidePath is not null && slidePath != "none" && !File.Exists(slidePath))
            {
                throw new FileNotFoundException($"Slide '{slidePath}' does not exist.");
            }

            PcaModel? pca = null;
            if (mode == HeatmapMode.Pca && parse.GetValue(pcaOn) is { Length: > 0 } cohort)
            {
                var (sample, _) = CohortSample.Draw(CohortInputs.Files(cohort, ".tiles.arrow"), 100_000, 0, CohortErrors.Log(context));
                pca = Pca.Fit(sample.Rows, sample.Dimension, 3);
            }

            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            foreach (var file in files)
            {
                using var background = slidePath == "none" ? null : HeatmapBackground.Read(slidePath, file);
                var result = HeatmapRenderer.Render(new HeatmapRequest
                {
                    TileFile = file, Mode = mode, OutDir = outDir, CodebookPath = parse.GetValue(codebook), Pca = pca,
                    ScoreFile = scoreFile, ScoreColumn = scoreColumn, Alpha = opacity,
                    Background = background is null ? null : (background.Image, background.Downsample),
                });
                context.Out.WriteLine($"{result.SlideId}: {result.Tiles} tiles -> {result.PngPath}, {result.GeoJsonPath}");
                if (result.Legend.Count > 0)
                {
                    context.Out.WriteLine("  legend: " + string.Join(' ', result.Legend.Select((c, i) => $"{i}={c}")));
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static (HeatmapMode Mode, string? ScoreFile, string? ScoreColumn) ParseBy(string value)
    {
        if (value.Equals("pca", StringComparison.OrdinalIgnoreCase))
        {
            return (HeatmapMode.Pca, null, null);
        }

        if (value.Equals("token", StringComparison.OrdinalIgnoreCase) || value.Equals("tokens", StringComparison.OrdinalIgnoreCase))
        {
            return (HeatmapMode.Token, null, null);
        }

        if (value.StartsWith("score:", StringComparison.OrdinalIgnoreCase) && value.Length > 6)
        {
            var rest = value[6..];
            var csv = rest.IndexOf(".csv:", StringComparison.OrdinalIgnoreCase);
            return csv >= 0 ? (HeatmapMode.Score, rest[..(csv + 4)], rest[(csv + 5)..]) : (HeatmapMode.Score, rest, null);
        }

        throw new ArgumentException($"--by '{value}' is not one of pca, token or score:FILE.csv.");
    }
}
