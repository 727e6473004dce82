using System.Diagnostics;
using SlideEmbed.Slides;

namespace SlideEmbed.Pipeline;

/// <content>
/// The slide loop: up to <see cref="BatchRunnerOptions.SlidesAhead"/> slides after the current one run at
/// the same time. Their pipelines stop reading once their buffers are full, and the encoders take them in
/// start order (<see cref="EncoderGate"/>), so the next slide's first batches are ready when the current
/// slide's last one is encoded. A slide starts once the slide before it has a batch waiting for the encoder,
/// has ended, or has run for <see cref="BatchRunnerOptions.NextSlideAfter"/>: at the start of a run the first
/// slide has the cores to itself until the encoder has work, and a slide slow to open or read holds the next
/// one back by that long at most. Every slide keeps its own error: a failing slide read ahead is reported in its place and touches
/// no other.
/// </content>
public sealed partial class BatchRunner
{
    private async Task RunInOrderAsync(IReadOnlyList<SlideInput> slides, IReadOnlyDictionary<string, string> ids, string outDir, RunReport report, bool force, bool dryRun, IRunProgress? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var busyBefore = Options.Activity?.BusySeconds ?? 0;
        var batchesBefore = Options.Activity?.Batches ?? 0;
        var devicesBefore = Options.Activity?.Devices() ?? [];
        var current = new CurrentSlideProgress(progress);
        var running = new Task<SlideReport>?[slides.Count];
        var ready = new TaskCompletionSource[slides.Count];
        var started = 0;
        try
        {
            for (var i = 0; i < slides.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (; started < slides.Count && started <= i + Options.SlidesAhead; started++)
                {
                    var slide = slides[started];
                    var position = started;
                    var slideProgress = current.For(position);
                    ready[position] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    var after = position == 0 ? Task.CompletedTask : Task.WhenAny(ready[position - 1].Task, (Task?)running[position - 1] ?? Task.CompletedTask);
                    running[position] = Task.Run(
                        async () =>
                        {
                            await after.ConfigureAwait(false);
                            var slideReady = ready[position];
                            _ = Task.Delay(Options.NextSlideAfter, CancellationToken.None).ContinueWith(_ => slideReady.TrySetResult(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                            SlideOrder.Current = position;
                            SlideOrder.FirstBatchReady = ready[position];
                            return await SlideRun.RunAsync(slide, ids[slide.Path], outDir, force, dryRun, slideProgress, cancellationToken).ConfigureAwait(false);
                        },
                        cancellationToken);
                }

                current.Show(i);
                progress?.SlideStarted(i, slides.Count, ids[slides[i].Path]);
                var r = await running[i]!.ConfigureAwait(false);
                running[i] = null;
                report.Slides.Add(r);
                progress?.SlideFinished(r);
            }
        }
        catch
        {
            // Slides started ahead stop with the run (the token) and leave nothing half-written.
            foreach (var task in running.OfType<Task<SlideReport>>())
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The run's own failure is the one rethrown.
                }
            }

            throw;
        }
        finally
        {
            if (Options.Activity is { } activity && activity.Batches > batchesBefore)
            {
                var devices = activity.Devices().Select((d, i) => d.Since(devicesBefore[i])).ToList();
                report.Encoder = new EncoderUse(clock.Elapsed.TotalSeconds, activity.BusySeconds - busyBefore, activity.Encoders, activity.Batches - batchesBefore, devices);
            }
        }
    }

    /// <summary>Passes on the tile progress of the slide shown (the one awaited), not of slides read ahead.</summary>
    private sealed class CurrentSlideProgress(IRunProgress? inner)
    {
        private int _shown = -1;

        public void Show(int index) => Volatile.Write(ref _shown, index);

        public IRunProgress? For(int index) => inner is null ? null : new Forwarder(this, index);

        private sealed class Forwarder(CurrentSlideProgress owner, int index) : IRunProgress
        {
            public void SlideStarted(int position, int count, string slideId) => owner.Forward(index)?.SlideStarted(position, count, slideId);

            public void Tiles(int done, int total) => owner.Forward(index)?.Tiles(done, total);

            public void SlideFinished(SlideReport slideReport) => owner.Forward(index)?.SlideFinished(slideReport);
        }

        private IRunProgress? Forward(int index) => Volatile.Read(ref _shown) == index ? inner : null;
    }
}
