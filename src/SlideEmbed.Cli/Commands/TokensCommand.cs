using System.Globalization;
using SlideEmbed.Arrow;
using SlideEmbed.Arrow.Cohort;
using SlideEmbed.Cohort;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// <c>slideembed tokens fit|assign</c>: morphology tokens. <c>fit</c> clusters a cohort's tile embeddings
/// into a codebook; <c>assign</c> writes each slide's tokens and the cohort's token histograms.
/// </summary>
public static class TokensCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("tokens", "Morphology tokens: cluster tile embeddings into a codebook (fit), then label every tile with its token (assign).")
        {
            Fit(context), Assign(context),
        };
    }

    private static Option<int> Threads() => new("--threads")
    {
        Description = "Threads to use (results do not depend on it).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    private static Argument<string[]> Inputs() => new("inputs")
    {
        Description = "Model folders written by 'slideembed embed' (their *.tiles.arrow files are used) or tile embedding files.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static Command Fit(CliContext context)
    {
        var inputs = Inputs();
        var k = new Option<int>("--k") { Description = "Number of tokens (clusters).", DefaultValueFactory = _ => 64 };
        var output = new Option<string>("--out", "-o") { Description = "The codebook file to write (e.g. codebook.arrow).", Required = true };
        var sample = new Option<int>("--sample") { Description = "Tiles sampled uniformly from the cohort to fit on; memory is about sample x dimension x 4 bytes.", DefaultValueFactory = _ => 100_000 };
        var iterations = new Option<int>("--iterations") { Description = "Most Lloyd iterations.", DefaultValueFactory = _ => 50 };
        var seed = new Option<int>("--seed") { Description = "Seed of the sample and of the k-means++ initialisation.", DefaultValueFactory = _ => 0 };
        var raw = new Option<bool>("--no-normalize") { Description = "Cluster raw embeddings by Euclidean distance instead of L2-normalised ones by cosine." };
        var threads = Threads();
        var command = new Command("fit", "Fit a codebook of morphology tokens (k-means++ and Lloyd over a seeded sample of the cohort's tiles).")
        {
            inputs, k, output, sample, iterations, seed, raw, threads,
        };
        command.SetAction(parse => CohortErrors.Run(context, () =>
        {
            var files = CohortInputs.Files(parse.GetValue(inputs)!, ".tiles.arrow");
            var sampleSize = parse.GetValue(sample);
            if (sampleSize < 1)
            {
                throw new ArgumentException($"--sample must be at least 1 (got {sampleSize}).");
            }

            var options = new KMeansOptions
            {
                K = parse.GetValue(k),
                MaxIterations = parse.GetValue(iterations),
                Seed = parse.GetValue(seed),
                Normalize = !parse.GetValue(raw),
                Threads = parse.GetValue(threads),
            };
            options.Validate(int.MaxValue);
            if (files.Count == 0)
            {
                throw new ArgumentException("No *.tiles.arrow files in the given folders.");
            }

            var path = Path.GetFullPath(parse.GetValue(output)!);
            var result = TokenFitter.Fit(files, options, sampleSize, path, CohortErrors.Log(context));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Codebook.K} tokens x {result.Codebook.Dimension} dims from {result.Labels.Length} sampled tiles of {files.Count} slides, {result.Iterations} iterations{(result.Converged ? " (converged)" : string.Empty)} -> {path}"));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Assign(CliContext context)
    {
        var inputs = Inputs();
        var codebook = new Option<string>("--codebook") { Description = "The codebook written by 'slideembed tokens fit'.", Required = true };
        var output = OptionFlags.Out();
        var threads = Threads();
        var command = new Command("assign", "Label every tile with its nearest token: <out>/<slide_id>.tokens.arrow per slide and <out>/token-histograms.arrow for the cohort.")
        {
            inputs, codebook, output, threads,
        };
        command.SetAction(parse => CohortErrors.Run(context, () =>
        {
            var files = CohortInputs.Files(parse.GetValue(inputs)!, ".tiles.arrow");
            var codebookPath = parse.GetValue(codebook)!;
            if (!File.Exists(codebookPath))
            {
                throw new FileNotFoundException($"Codebook '{codebookPath}' does not exist; write one with 'slideembed tokens fit'.");
            }

            if (files.Count == 0)
            {
                throw new ArgumentException("No *.tiles.arrow files in the given folders.");
            }

            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            var assigner = new TokenAssigner(codebookPath, parse.GetValue(threads));
            var log = CohortErrors.Log(context);
            var slides = new List<SlideTokens>();
            foreach (var file in files)
            {
                var (tokens, written) = assigner.AssignAndWrite(file, outDir);
                slides.Add(tokens);
                log($"[{slides.Count}/{files.Count}] {tokens.SlideId}: {tokens.Tokens.Count(t => t >= 0)} tiles -> {written}");
            }

            var table = assigner.WriteHistograms(outDir, slides);
            context.Out.WriteLine($"{slides.Count} slides, {slides.Sum(s => s.Count)} tiles, {assigner.Codebook.K} tokens (codebook sha256 {assigner.CodebookSha256[..12]}) -> {outDir}, histograms {table}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
