using SlideEmbed.Cohort;
using SlideEmbed.Imaging;
using SlideEmbed.Output;

namespace SlideEmbed.Arrow.Cohort;

/// <summary>
/// Paints one slide's tiles by PCA, token or a user's score (<see cref="HeatmapColors"/>), and writes
/// the picture (PNG) and the tiles with their values as QuPath-importable GeoJSON, both atomically.
/// </summary>
public static class HeatmapRenderer
{
    /// <summary>Renders and writes the heatmap.</summary>
    /// <param name="request">What to render.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="InvalidDataException">A bad input file; the message names it.</exception>
    public static HeatmapOutput Render(HeatmapRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var slide = LoadedTiles.Read(request.TileFile);
        var n = slide.Count;
        RgbColor?[] colors;
        var measurements = new List<(string Name, double[] Values)>();
        int[]? tokens = null;
        IReadOnlyList<RgbColor> legend = [];
        switch (request.Mode)
        {
            case HeatmapMode.Pca:
            {
                var model = request.Pca ?? Pca.Fit(slide.Embeddings, slide.Dimension, 3);
                if (model.Dimension != slide.Dimension)
                {
                    throw new InvalidDataException($"'{request.TileFile}' has {slide.Dimension}-dimensional embeddings but the cohort PCA has {model.Dimension}.");
                }

                var scores = model.Project(slide.Embeddings);
                colors = HeatmapColors.FromPca(scores, model.Count);
                for (var c = 0; c < model.Count; c++)
                {
                    var values = new double[n];
                    for (var i = 0; i < n; i++)
                    {
                        values[i] = scores[(i * model.Count) + c];
                    }

                    measurements.Add(($"pc{c + 1}", values));
                }

                break;
            }

            case HeatmapMode.Token:
            {
                var assigner = new TokenAssigner(request.CodebookPath ?? throw new ArgumentException("--by token needs --codebook FILE (from 'slideembed tokens fit')."), request.Threads);
                tokens = assigner.Assign(request.TileFile).Tokens;
                colors = HeatmapColors.FromTokens(tokens);
                measurements.Add(("token", [.. tokens.Select(t => t >= 0 ? t : double.NaN)]));
                legend = [.. Enumerable.Range(0, assigner.Codebook.K).Select(HeatmapColors.Token)];
                break;
            }

            default:
            {
                var (name, scores) = ScoreCsv.Read(request.ScoreFile ?? throw new ArgumentException("--by score needs a CSV file: --by score:FILE.csv"), request.ScoreColumn);
                var values = slide.TileIndex.Select(t => scores.TryGetValue(t, out var v) ? v : double.NaN).ToArray();
                if (values.All(double.IsNaN))
                {
                    throw new InvalidDataException($"'{request.ScoreFile}' scores none of the {n} tiles of '{request.TileFile}'; its tile_index values must be those of the tile file.");
                }

                colors = HeatmapColors.FromScores(values);
                measurements.Add((name, values));
                break;
            }
        }

        var tiles = Enumerable.Range(0, n).Select(i => new HeatmapTile(slide.X[i], slide.Y[i], slide.Size[i])).ToArray();
        var (width, height) = slide.Extent();
        var downsample = request.Background?.Downsample ?? Math.Max(1, Math.Max(width, height) / (double)QcPicture.TargetLongSide);
        var mode = request.Mode.ToString().ToLowerInvariant();
        var png = Path.Combine(request.OutDir, $"{slide.SlideId}.heatmap-{mode}.png");
        var geojson = Path.Combine(request.OutDir, $"{slide.SlideId}.heatmap-{mode}.geojson");
        using (var picture = HeatmapPicture.Render(tiles, colors, request.Background?.Image, (int)Math.Ceiling(width / downsample), (int)Math.Ceiling(height / downsample), downsample, request.Alpha, legend))
        {
            AtomicFile.Write(png, s => PngEncoder.WriteRgb(picture, s));
        }

        AtomicFile.Write(geojson, s => HeatmapGeoJson.Write(s, tiles, slide.TileIndex, measurements, tokens));
        return new HeatmapOutput(slide.SlideId, png, geojson, colors.Count(c => c is not null), legend);
    }
}
