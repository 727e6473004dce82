using System.Diagnostics;

namespace SlideEmbed.Pipeline;

/// <summary>
/// What the encoders of one pipeline did: time spent inside <c>Encode</c>, batches, and for each slide the
/// first batch's start and the last batch's end (<see cref="Stopwatch"/> timestamps). The run report's
/// idle fraction and the prefetch benchmark read it. Thread-safe.
/// </summary>
public sealed class EncoderActivity
{
    private readonly object _lock = new();
    private readonly Dictionary<long, SlideEncoding> _slides = [];
    private long _busyTicks;
    private long _batches;

    /// <summary>Creates the record.</summary>
    /// <param name="encoders">Encoders (devices) whose time it adds up; at least 1.</param>
    public EncoderActivity(int encoders)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(encoders, 1);
        Encoders = encoders;
    }

    /// <summary>Encoders whose time is added up (idle fractions are of their combined time).</summary>
    public int Encoders { get; }

    /// <summary>Seconds spent inside <c>Encode</c> so far, all encoders together.</summary>
    public double BusySeconds => (double)Interlocked.Read(ref _busyTicks) / Stopwatch.Frequency;

    /// <summary>Batches encoded so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Records one batch.</summary>
    /// <param name="slide">The slide's start order in the pipeline.</param>
    /// <param name="start">Timestamp before <c>Encode</c>.</param>
    /// <param name="end">Timestamp after it.</param>
    public void Record(long slide, long start, long end)
    {
        Interlocked.Add(ref _busyTicks, end - start);
        Interlocked.Increment(ref _batches);
        lock (_lock)
        {
            _slides[slide] = _slides.TryGetValue(slide, out var s) ? new SlideEncoding(slide, Math.Min(s.FirstStart, start), Math.Max(s.LastEnd, end)) : new SlideEncoding(slide, start, end);
        }
    }

    /// <summary>Every slide encoded so far, in the order their first batches started.</summary>
    /// <returns>A copy.</returns>
    public IReadOnlyList<SlideEncoding> Slides()
    {
        lock (_lock)
        {
            return [.. _slides.Values.OrderBy(s => s.FirstStart)];
        }
    }
}
