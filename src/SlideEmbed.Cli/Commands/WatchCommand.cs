using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SlideEmbed.Worker;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// <c>slideembed watch --drop DIR --out DIR --model NAME</c>: the drop-folder worker in the foreground (under
/// systemd, a <c>Type=notify</c> service). Every setting of <see cref="OptionTable"/> in
/// <see cref="OptionScope.Watch"/> (the embedding settings and the worker's own) is a flag, a
/// <c>SLIDEEMBED_*</c> variable and a key of the <c>--config</c> file. Runs until SIGTERM or Ctrl-C, then gives the current slide the grace period.
/// </summary>
public static class WatchCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = OptionFlags.Config("JSON configuration file (keys as the long options; watch and embedding settings in one object).");
        var command = new Command("watch", "Watch a drop folder and embed each slide once it is completely written: claimed atomically (several workers may share the folder), embedded like 'embed', then moved to done/ (or failed/ with the reason after the retries). Runs until SIGTERM or Ctrl-C.")
        {
            config,
        };
        var flags = OptionFlags.AddTo(command, OptionScope.Watch);
        command.SetAction(async (parse, ct) =>
        {
            SlideEmbedOptions options;
            WatchOptions watch;
            try
            {
                options = OptionsLoader.Load(parse.GetValue(config), null, OptionFlags.Given(parse, flags));
                watch = WatchOptions.From(options);
            }
            catch (FormatException e)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            return await Run(options, watch, context, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs the worker with resolved settings until <paramref name="ct"/> is cancelled.</summary>
    /// <param name="options">The settings (model, tissue detection, devices and the rest of the embedding run).</param>
    /// <param name="watch">The worker's own settings, from <paramref name="options"/> (<see cref="WatchOptions.From"/>).</param>
    /// <param name="context">Writers for setup errors (the worker itself logs to the console).</param>
    /// <param name="ct">Stops the worker.</param>
    /// <returns><see cref="ExitCodes.Success"/> after a normal stop, <see cref="ExitCodes.Usage"/> for a setup error, <see cref="ExitCodes.Failure"/> when the worker failed.</returns>
    public static async Task<int> Run(SlideEmbedOptions options, WatchOptions watch, CliContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(watch);
        ArgumentNullException.ThrowIfNull(context);
        if (!Directory.Exists(watch.DropPath))
        {
            context.Error.WriteLine($"error: the drop folder '{watch.DropPath}' does not exist.");
            return ExitCodes.Usage;
        }

        if (InputGuards.OutputFolder(watch.OutputFolder ?? options.Out) is { } outError)
        {
            context.Error.WriteLine($"error: {outError}");
            return ExitCodes.Usage;
        }

        WorkerPipeline pipeline;
        try
        {
            pipeline = CreatePipeline(options, context.Error.WriteLine);
        }
        catch (Exception e) when (e is ModelManifestException or EncoderUnavailableException or ArgumentException or FormatException or IOException)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }

        using (pipeline)
        {
            using var host = WorkerHost.Build(watch, pipeline, options.LogFormat);
            var service = host.Services.GetRequiredService<DropFolderService>();
            var run = host.RunAsync(ct);
            // System.CommandLine ends the invocation 2 s after SIGTERM or Ctrl-C; keep the process alive until the
            // worker has finished or abandoned its slide (the host's own shutdown timeout bounds this).
            var limit = watch.GracePeriod + WorkerHost.ShutdownMargin + TimeSpan.FromSeconds(5);
            EventHandler hold = (_, _) => Task.WaitAny([run], limit);
            AppDomain.CurrentDomain.ProcessExit += hold;
            try
            {
                await run.ConfigureAwait(false);
            }
            finally
            {
                AppDomain.CurrentDomain.ProcessExit -= hold;
            }

            if (service.Fault is { } fault)
            {
                context.Error.WriteLine($"error: {fault.Message}");
                return ExitCodes.Failure;
            }

            return ExitCodes.Success;
        }
    }

    /// <summary>
    /// Composes the embedding pipeline exactly as <c>embed</c> does (model catalog, ONNX encoders, tissue
    /// detection, tiling, Arrow files, slide-level step, batch runner).
    /// </summary>
    /// <param name="options">The embedding settings; <see cref="SlideEmbedOptions.Model"/> is required.</param>
    /// <param name="warnings">Receives warnings (e.g. a CPU fallback, an untrained model).</param>
    /// <returns>The pipeline; the caller disposes it.</returns>
    /// <exception cref="ModelManifestException">Unknown model or invalid manifest.</exception>
    /// <exception cref="EncoderUnavailableException">The requested device cannot be used.</exception>
    /// <exception cref="ArgumentException">An invalid setting.</exception>
    public static WorkerPipeline CreatePipeline(SlideEmbedOptions options, Action<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(warnings);
        var run = RunComposition.Create(options, loadEncoders: true, warnings);
        if (!run.Manifest.Trained)
        {
            warnings($"note: model '{run.Manifest.Name}' ({run.Manifest.DisplayName}) has random weights and is NOT trained; its embeddings are for demonstrations and tests only.");
        }

        // The worker pipeline takes over the encoders.
        return new WorkerPipeline(run.Manifest.Name, run.Runner.SlideRun, run.Opener, options.Force, run.Encoders);
    }
}
