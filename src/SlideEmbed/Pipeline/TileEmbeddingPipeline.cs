using System.Buffers;
using System.Threading.Channels;
using SlideEmbed.Encoders;
using SlideEmbed.Models;
using SlideEmbed.Preprocessing;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;

namespace SlideEmbed.Pipeline;

/// <summary>
/// Embeds the tiles of one slide. Stages joined by bounded channels, so reading overlaps inference and
/// memory stays bounded whatever the slide size:
/// tile readers (N workers: read the region at the grid's read level, resize/crop/normalise it)
/// -> batcher (fills pinned batches, flushes the last partial one)
/// -> inference (one worker per encoder/device, sharing the batches)
/// -> writer (puts results back in tile order and hands them to the sink).
/// </summary>
/// <remarks>
/// A tile that cannot be read is passed to the sink with its reason, never replaced by a blank tile;
/// the slide fails with <see cref="TooManyFailedTilesException"/> when failures exceed the configured
/// fraction. Any stage's exception or cancellation stops all stages.
/// </remarks>
public sealed partial class TileEmbeddingPipeline
{
    private readonly ISlideOpener _opener;
    private readonly TilePreprocessor _preprocessor;
    private readonly IReadOnlyList<ITileEncoder> _encoders;
    private readonly EmbeddingPipelineOptions _options;

    /// <summary>Creates a pipeline for one model.</summary>
    /// <param name="opener">Reopens a slide after a failed read.</param>
    /// <param name="preprocessor">The model's transform.</param>
    /// <param name="encoders">One encoder per device; all of the same model.</param>
    /// <param name="options">Concurrency and failure limits.</param>
    public TileEmbeddingPipeline(ISlideOpener opener, TilePreprocessor preprocessor, IReadOnlyList<ITileEncoder> encoders, EmbeddingPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(opener);
        ArgumentNullException.ThrowIfNull(preprocessor);
        ArgumentNullException.ThrowIfNull(encoders);
        ArgumentNullException.ThrowIfNull(options);
        if (encoders.Count == 0)
        {
            throw new ArgumentException("At least one encoder is needed.", nameof(encoders));
        }

        options.Validate();
        _opener = opener;
        _preprocessor = preprocessor;
        _encoders = encoders;
        _options = options;
        _gates = [.. encoders.Select(_ => new EncoderGate())];
        Activity = new EncoderActivity([.. encoders.Select(e => e.Device)]);
    }

    /// <summary>Embedding dimension.</summary>
    public int Dimension => _encoders[0].Dimension;

    /// <summary>Runs the pipeline over a slide's tiles.</summary>
    /// <param name="slide">The open slide (owned by the caller).</param>
    /// <param name="grid">Its tiles.</param>
    /// <param name="sink">Receives every tile in order.</param>
    /// <param name="progress">Receives the number of tiles finished so far, or null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>Counts of embedded and failed tiles.</returns>
    /// <exception cref="TooManyFailedTilesException">Too many tiles failed to read.</exception>
    public async Task<(int Embedded, int Failed)> RunAsync(ISlideSource slide, TileGrid grid, ITileEmbeddingSink sink, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slide);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(sink);
        var inputSize = _encoders[0].InputSize;
        var (ow, oh) = _preprocessor.Transform.OutputSize(grid.EdgeAtReadLevelPx, grid.EdgeAtReadLevelPx);
        if (ow != inputSize || oh != inputSize)
        {
            throw new ArgumentException($"Tiles of {grid.EdgeAtReadLevelPx} px become {ow} x {oh} after preprocessing, but the model takes {inputSize}.");
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ct = cts.Token;
        var precision = _encoders[0].Precision;
        var slot = 3 * inputSize * inputSize;
        var prepared = Channel.CreateBounded<Prepared>(new BoundedChannelOptions(Math.Max(4, _options.BatchSize)) { SingleReader = true });
        var batches = Channel.CreateBounded<EncoderBatch>(new BoundedChannelOptions(_encoders.Count) { SingleWriter = true });
        var freeBatches = Channel.CreateUnbounded<EncoderBatch>();
        for (var i = 0; i < _encoders.Count + 1; i++)
        {
            freeBatches.Writer.TryWrite(new EncoderBatch(_options.BatchSize, inputSize, precision));
        }

        var results = Channel.CreateBounded<Result>(new BoundedChannelOptions(_options.BatchSize * (_encoders.Count + 1)) { SingleReader = true });
        using var holder = new ReopeningSlide(_opener, slide);
        var next = -1;
        var run = Interlocked.Increment(ref _slidesStarted);
        var order = SlideOrder.Current ?? run;
        var firstBatchReady = SlideOrder.FirstBatchReady;
        var readers = Enumerable.Range(0, _options.Readers)
            .Select(_ => Task.Run(() => ReadTiles(holder, grid, slot, precision, () => Interlocked.Increment(ref next), prepared.Writer, ct), ct))
            .ToArray();
        var readersDone = CompleteWhenAll(readers, prepared.Writer);
        var batcher = Task.Run(() => BatchTiles(prepared.Reader, freeBatches.Reader, batches.Writer, results.Writer, ct), ct);
        var inference = _encoders
            .Select((e, i) => Task.Run(() => Infer(i, e, _gates[i], order, run, firstBatchReady, batches.Reader, freeBatches.Writer, results.Writer, ct), ct))
            .ToArray();
        var inferenceDone = CompleteWhenAll(inference.Append(batcher).ToArray(), results.Writer);
        var writer = Task.Run(() => WriteInOrder(grid, results.Reader, sink, progress, ct), ct);

        var all = readers.Append(readersDone).Append(batcher).Concat(inference).Append(inferenceDone).Append(writer).ToArray();
        try
        {
            await Task.WhenAll(all).ConfigureAwait(false);
        }
        catch
        {
            await cts.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(all).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Every stage has stopped; the first failure is rethrown below.
            }

            var first = all.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).FirstOrDefault(e => e is not OperationCanceledException);
            if (first is not null && !cancellationToken.IsCancellationRequested)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            }

            throw;
        }

        var (embedded, failed, lastError) = await writer.ConfigureAwait(false);
        if (grid.Tiles.Count > 0 && failed > _options.MaxFailedTileFraction * grid.Tiles.Count)
        {
            throw new TooManyFailedTilesException(
                slide.Path,
                $"{failed} of {grid.Tiles.Count} tiles of '{slide.Path}' could not be read (limit {_options.MaxFailedTileFraction:P0}); last error: {lastError}. The file is probably corrupt.",
                lastError);
        }

        return (embedded, failed);
    }

    private static async Task CompleteWhenAll<T>(Task[] tasks, ChannelWriter<T> writer)
    {
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
            throw;
        }
    }

    private async Task ReadTiles(ReopeningSlide holder, TileGrid grid, int slot, ModelPrecision precision, Func<int> take, ChannelWriter<Prepared> output, CancellationToken ct)
    {
        var readBytes = grid.EdgeAtReadLevelPx * grid.EdgeAtReadLevelPx * 3;
        var pixels = new byte[readBytes];
        var scratch = new byte[_preprocessor.ScratchBytes(grid.EdgeAtReadLevelPx, grid.EdgeAtReadLevelPx)];
        for (var i = take(); i < grid.Tiles.Count; i = take())
        {
            ct.ThrowIfCancellationRequested();
            var tile = grid.Tiles[i];
            var error = ReadWithReopen(holder, grid, tile, pixels);
            Prepared item;
            if (error is not null)
            {
                item = new Prepared(i, null, null, error);
            }
            else if (precision == ModelPrecision.Fp16)
            {
                var halves = ArrayPool<Half>.Shared.Rent(slot);
                _preprocessor.Process(pixels, grid.EdgeAtReadLevelPx, grid.EdgeAtReadLevelPx, halves.AsSpan(0, slot), scratch);
                item = new Prepared(i, null, halves, null);
            }
            else
            {
                var floats = ArrayPool<float>.Shared.Rent(slot);
                _preprocessor.Process(pixels, grid.EdgeAtReadLevelPx, grid.EdgeAtReadLevelPx, floats.AsSpan(0, slot), scratch);
                item = new Prepared(i, floats, null, null);
            }

            await output.WriteAsync(item, ct).ConfigureAwait(false);
        }
    }

    private static string? ReadWithReopen(ReopeningSlide holder, TileGrid grid, Tile tile, byte[] pixels)
    {
        var lease = holder.Acquire();
        try
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                try
                {
                    lease.Slide.ReadTile(grid, tile, pixels);
                    return null;
                }
                catch (SlideReadException e)
                {
                    // The handle is dead now (sticky error). Retry once on a fresh handle: if this tile was
                    // only a victim of another tile's failure it reads fine; if it fails again, it is bad.
                    try
                    {
                        var failed = lease;
                        lease = default;
                        lease = holder.Replace(failed);
                    }
                    catch (SlideException reopen)
                    {
                        return $"{e.LibraryMessage ?? e.Message}; reopening the slide failed: {reopen.Message}";
                    }

                    if (attempt == 1)
                    {
                        return e.LibraryMessage ?? e.Message;
                    }
                }
            }

            return null;
        }
        finally
        {
            lease.Dispose();
        }
    }
}
