using System.Globalization;
using SlideEmbed.Arrow;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// <c>slideembed compare A.tiles.arrow B.tiles.arrow</c>: tiles matched by position, the largest absolute
/// difference and the smallest per-tile cosine; exit 1 when a given bound (<c>--max-abs</c>, <c>--min-cosine</c>)
/// is missed or no tile is shared. Used to check a GPU run against a CPU run.
/// </summary>
public static class CompareCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var first = new Argument<string>("a") { Description = "A tile embedding file (.tiles.arrow)." };
        var second = new Argument<string>("b") { Description = "Another tile embedding file of the same slide and model." };
        var maxAbs = new Option<double?>("--max-abs") { Description = "Fail when any value differs by more than this." };
        var minCosine = new Option<double?>("--min-cosine") { Description = "Fail when any tile pair's cosine similarity is below this." };
        var command = new Command("compare", "Compare two runs' tile embeddings of one slide: tiles matched by position, largest absolute difference, smallest per-tile cosine.")
        {
            first, second, maxAbs, minCosine,
        };
        command.SetAction(parse =>
        {
            TileEmbeddingFile a, b;
            try
            {
                a = TileEmbeddingFile.Read(parse.GetValue(first)!);
                b = TileEmbeddingFile.Read(parse.GetValue(second)!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            if (a.Dimension != b.Dimension)
            {
                context.Error.WriteLine($"error: the files have {a.Dimension} and {b.Dimension} values per tile; compare files of the same model.");
                return ExitCodes.Usage;
            }

            var r = EmbeddingAgreement.Compare(a.Dimension, (Positions(a), a.Embeddings), (Positions(b), b.Embeddings));
            var ok = r.Matched > 0 && (parse.GetValue(maxAbs) is not { } bound || r.MaxAbs <= bound)
                && (parse.GetValue(minCosine) is not { } floor || r.MinCosine >= floor);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(ok ? "PASS" : "FAIL")} tiles matched {r.Matched} of {a.Count} and {b.Count}; max abs {r.MaxAbs:G4}; min cosine {r.MinCosine:F6}"));
            return ok ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static (long X, long Y)[] Positions(TileEmbeddingFile f) => [.. f.Xs.Zip(f.Ys)];
}
