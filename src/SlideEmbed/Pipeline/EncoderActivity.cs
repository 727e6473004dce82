using System.Diagnostics;

namespace SlideEmbed.Pipeline;

/// <summary>
/// What the encoders of one pipeline did: time spent inside <c>Encode</c>, batches and tiles per encoder
/// (device), and for each slide the first batch's start and the last batch's end (<see cref="Stopwatch"/>
/// timestamps). The run report's idle fraction and per-device throughput, and the prefetch benchmark,
/// read it. Thread-safe.
/// </summary>
public sealed class EncoderActivity
{
    private readonly object _lock = new();
    private readonly Dictionary<long, SlideEncoding> _slides = [];
    private readonly string[] _devices;
    private readonly long[] _busyTicks;
    private readonly long[] _batches;
    private readonly long[] _tiles;

    /// <summary>Creates the record.</summary>
    /// <param name="devices">The device of each encoder whose time it adds up, in encoder order; at least 1.</param>
    public EncoderActivity(IReadOnlyList<string> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentOutOfRangeException.ThrowIfLessThan(devices.Count, 1);
        _devices = [.. devices];
        _busyTicks = new long[_devices.Length];
        _batches = new long[_devices.Length];
        _tiles = new long[_devices.Length];
    }

    /// <summary>Encoders whose time is added up (idle fractions are of their combined time).</summary>
    public int Encoders => _devices.Length;

    /// <summary>Seconds spent inside <c>Encode</c> so far, all encoders together.</summary>
    public double BusySeconds => (double)Total(_busyTicks) / Stopwatch.Frequency;

    /// <summary>Batches encoded so far, all encoders together.</summary>
    public long Batches => Total(_batches);

    /// <summary>What each encoder did so far, in encoder order.</summary>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<DeviceUse> Devices() =>
        [.. _devices.Select((d, i) => new DeviceUse(d, (double)Interlocked.Read(ref _busyTicks[i]) / Stopwatch.Frequency, Interlocked.Read(ref _batches[i]), Interlocked.Read(ref _tiles[i])))];

    /// <summary>Records one batch.</summary>
    /// <param name="encoder">The encoder's index, in the order of the devices given.</param>
    /// <param name="slide">The slide's start order in the pipeline.</param>
    /// <param name="start">Timestamp before <c>Encode</c>.</param>
    /// <param name="end">Timestamp after it.</param>
    /// <param name="tiles">Tiles in the batch.</param>
    public void Record(int encoder, long slide, long start, long end, int tiles)
    {
        Interlocked.Add(ref _busyTicks[encoder], end - start);
        Interlocked.Increment(ref _batches[encoder]);
        Interlocked.Add(ref _tiles[encoder], tiles);
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

    private static long Total(long[] counters)
    {
        var sum = 0L;
        for (var i = 0; i < counters.Length; i++)
        {
            sum += Interlocked.Read(ref counters[i]);
        }

        return sum;
    }
}
