using SlideEmbed.Bench;

// dotnet run -c Release --project tools/SlideEmbed.Bench -- <name> [--option value]...
// Each benchmark prints readable lines, then one JSON line (the last line, starting with '{').
const string Usage = """
    usage: slideembed-bench <name> [options]
      make-slides        write bench-data/gigapixel.svs (40000 x 30000 at 0.25 um/px) and the two 10000 x 7500 slides if missing
      tiling             [--runs 15] [--rss-runs 3]   tissue detection + tiling vs the I/O floor; peak RSS per slide size
      read-preprocess    [--tiles 512] [--runs 5] [--python yes|no]   tile read + preprocess vs tools/bench_python_reader.py
      embed-vs-encoder   [--tiles 256] [--runs 4] [--batch-size 32] [--model NAME|manifest.json] [--random-input no|yes] [--readers N] [--spinning yes|no]   pipeline vs encoder alone
      embed-memory       [--max-tiles 64] [--runs 3] [--model NAME|manifest.json]   peak RSS of embed, small vs gigapixel slide
      longnet            [--tiles 10000] [--runs 3] [--memory-tiles 50000]   GigaPath slide encoder vs ONNX Runtime MatMul; peak RSS
      aggregate-inputs   [--tiles 50000] [--files 1] [--dim 1536] [--model gigapath-tile]   tile files (and a random-weight gigapath-slide manifest) for timing slideembed aggregate
      slide-encoders     [--tiles 10000] [--memory-tiles 50000] [--models titan,feather-conch-v1-5,...]   native slide encoders next to GigaPath: seconds, peak RSS
      prefetch           [--slides 20] [--runs 3] [--device-tiles-per-s 400] [--batch-size 32]   encoder idle time over many small slides, prefetch off vs on (simulated GPU)
      matmul-shapes      print the IN x OUT shapes tools/make_matmul_onnx.py must export for longnet
      cohort             [--tiles 1000000] [--dim 768] [--slides 100] [--k 64] [--sample 100000] [--assign-dim 1536] [--ivf-k 256] [--queries 30] [--runs 3]   tokens fit memory, exact search time, assignment GFLOP/s, IVF recall@20
    every benchmark takes --data DIR (default: bench-data/ at the repository root)
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    var options = BenchArgs.Parse(args.Skip(1));
    switch (args[0])
    {
        case "make-slides":
        {
            var data = BenchData.From(options);
            options.ThrowIfUnused();
            foreach (var line in data.EnsureSlides())
            {
                Console.WriteLine(line);
            }

            Console.WriteLine($"slides ready in {data.Folder}");
            return 0;
        }

        case "aggregate-inputs":
        {
            var data = BenchData.From(options);
            var folder = AggregateInputs.Run(options, data);
            options.ThrowIfUnused();
            Console.WriteLine($"tile files ready in {folder}");
            return 0;
        }

        case "tiling-child":
            TilingBench.Child(options, Console.Out);
            return 0;
        case "longnet-child":
            LongNetBench.Child(options, Console.Out);
            return 0;
        case "cohort-fit-child":
            CohortBench.FitChild(options, Console.Out);
            return 0;
        case "slide-encoders-child":
            SlideEncodersBench.Child(options, Console.Out);
            return 0;
        case "matmul-shapes":
            Console.WriteLine(string.Join(' ', LongNetBench.MatMulShapes));
            return 0;
        case "embed-child":
            await EmbedMemoryBench.ChildAsync(options, Console.Out).ConfigureAwait(false);
            return 0;
    }

    var report = new Report(args[0], Console.Out);
    switch (args[0])
    {
        case "tiling":
            TilingBench.Run(options, report);
            break;
        case "read-preprocess":
            await ReadPreprocessBench.RunAsync(options, report).ConfigureAwait(false);
            break;
        case "embed-vs-encoder":
            await EmbedVsEncoderBench.RunAsync(options, report).ConfigureAwait(false);
            break;
        case "prefetch":
            await PrefetchBench.RunAsync(options, report).ConfigureAwait(false);
            break;
        case "embed-memory":
            EmbedMemoryBench.Run(options, report);
            break;
        case "longnet":
            LongNetBench.Run(options, report);
            break;
        case "cohort":
            CohortBench.Run(options, report);
            break;
        case "slide-encoders":
            SlideEncodersBench.Run(options, report);
            break;
        default:
            Console.Error.WriteLine($"unknown benchmark '{args[0]}'");
            Console.Error.WriteLine(Usage);
            return 2;
    }

    report.Finish();
    return 0;
}
catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidOperationException or FormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
