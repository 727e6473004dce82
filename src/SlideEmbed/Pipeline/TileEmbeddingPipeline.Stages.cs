using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using SlideEmbed.Encoders;
using SlideEmbed.Tiling;

namespace SlideEmbed.Pipeline;

/// <content>Batcher, inference and ordered writer stages.</content>
public sealed partial class TileEmbeddingPipeline
{
    private static async Task BatchTiles(ChannelReader<Prepared> input, ChannelReader<EncoderBatch> free, ChannelWriter<EncoderBatch> output, ChannelWriter<Result> results, CancellationToken ct)
    {
        EncoderBatch? current = null;
        try
        {
            await foreach (var item in input.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (item.Error is not null)
                {
                    await results.WriteAsync(new Result(item.Index, default, item.Error), ct).ConfigureAwait(false);
                    continue;
                }

                current ??= await free.ReadAsync(ct).ConfigureAwait(false);
                var k = current.Count;
                if (item.Floats is { } floats)
                {
                    floats.AsSpan(0, current.SlotLength).CopyTo(current.FloatSlot(k));
                    ArrayPool<float>.Shared.Return(floats);
                }
                else
                {
                    item.Halves!.AsSpan(0, current.SlotLength).CopyTo(current.HalfSlot(k));
                    ArrayPool<Half>.Shared.Return(item.Halves!);
                }

                current.TileIndices[k] = item.Index;
                current.Count = k + 1;
                if (current.Count == current.Capacity)
                {
                    await output.WriteAsync(current, ct).ConfigureAwait(false);
                    current = null;
                }
            }

            if (current is { Count: > 0 })
            {
                await output.WriteAsync(current, ct).ConfigureAwait(false);
            }

            output.TryComplete();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
            throw;
        }
    }

    private async Task Infer(int index, ITileEncoder encoder, EncoderGate gate, long order, long run, TaskCompletionSource? firstBatchReady, ChannelReader<EncoderBatch> input, ChannelWriter<EncoderBatch> free, ChannelWriter<Result> results, CancellationToken ct)
    {
        var d = encoder.Dimension;
        var cores = encoder.Device == "cpu" ? _options.CpuSlots : null;
        EncoderGate.Turn? turn = null;
        try
        {
            while (await input.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (input.TryRead(out var batch))
                {
                    firstBatchReady?.TrySetResult();
                    turn ??= await gate.EnterAsync(order, ct).ConfigureAwait(false);
                    PooledRows rows;
                    using (cores is null ? null : await cores.AcquireAsync(ct).ConfigureAwait(false))
                    {
                        rows = new PooledRows(batch.Count * d, batch.Count);
                        var start = Stopwatch.GetTimestamp();
                        encoder.Encode(batch, rows.Values.AsSpan(0, batch.Count * d));
                        Activity.Record(index, run, start, Stopwatch.GetTimestamp(), batch.Count);
                    }

                    for (var k = 0; k < batch.Count; k++)
                    {
                        await results.WriteAsync(new Result(batch.TileIndices[k], new ArraySegment<float>(rows.Values, k * d, d), null, rows), ct).ConfigureAwait(false);
                    }

                    batch.Reset();
                    await free.WriteAsync(batch, ct).ConfigureAwait(false);

                    // Let another device's inference loop, woken for the same queue, take the next batch
                    // before this one loops straight back to it: work spreads over every device.
                    await Task.Yield();
                    if (gate.EarlierWaiting(order))
                    {
                        turn?.Dispose();
                        turn = null;
                    }
                }

                // No batch of this slide is ready: another slide that has one may use the encoder meanwhile.
                turn?.Dispose();
                turn = null;
            }
        }
        finally
        {
            turn?.Dispose();
        }
    }

    private static async Task<(int Embedded, int Failed, string? LastError)> WriteInOrder(TileGrid grid, ChannelReader<Result> input, ITileEmbeddingSink sink, IProgress<int>? progress, CancellationToken ct)
    {
        var pending = new Dictionary<int, Result>();
        var next = 0;
        int embedded = 0, failed = 0;
        string? lastError = null;
        await foreach (var result in input.ReadAllAsync(ct).ConfigureAwait(false))
        {
            pending[result.Index] = result;
            var advanced = false;
            while (pending.Remove(next, out var r))
            {
                var tile = grid.Tiles[next];
                if (r.Error is not null)
                {
                    sink.Add(tile, ReadOnlySpan<float>.Empty, r.Error);
                    failed++;
                    lastError = r.Error;
                }
                else
                {
                    sink.Add(tile, r.Embedding, null);
                    r.Rows?.Release();
                    embedded++;
                }

                next++;
                advanced = true;
            }

            if (advanced)
            {
                progress?.Report(next);
            }
        }

        if (next != grid.Tiles.Count)
        {
            throw new InvalidOperationException($"The pipeline finished with {grid.Tiles.Count - next} of {grid.Tiles.Count} tiles missing.");
        }

        return (embedded, failed, lastError);
    }

    private sealed record Prepared(int Index, float[]? Floats, Half[]? Halves, string? Error);

    private sealed record Result(int Index, ArraySegment<float> Embedding, string? Error, PooledRows? Rows = null);

    /// <summary>
    /// One batch's embeddings in a buffer from the shared pool, returned once the writer has handed
    /// every row to the sink (sinks copy what they keep), so batches reuse buffers instead of
    /// allocating one each. A buffer not returned (a cancelled run) is simply collected.
    /// </summary>
    private sealed class PooledRows
    {
        private int _remaining;

        public PooledRows(int length, int rows)
        {
            Values = ArrayPool<float>.Shared.Rent(length);

            // Cleared as a new array would be, for encoders that leave values unwritten.
            Values.AsSpan(0, length).Clear();
            _remaining = rows;
        }

        public float[] Values { get; }

        public void Release()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                ArrayPool<float>.Shared.Return(Values);
            }
        }
    }
}
