namespace SlideEmbed.Cohort;

/// <summary>
/// A uniform random sample of fixed size from a stream of embedding rows of unknown length (reservoir
/// sampling, Vitter's algorithm R): memory is <c>capacity x dimension</c> floats however many rows
/// pass. Seeded, so the same rows in the same order give the same sample.
/// </summary>
/// <remarks>Not thread-safe: rows are offered in one order from one thread.</remarks>
public sealed class ReservoirSample
{
    private readonly float[] _rows;
    private readonly Random _random;

    /// <summary>Creates an empty sample.</summary>
    /// <param name="capacity">Rows kept at most, at least 1.</param>
    /// <param name="dimension">Values per row, at least 1.</param>
    /// <param name="seed">Seed of the sampling.</param>
    public ReservoirSample(int capacity, int dimension, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if ((long)capacity * dimension > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), $"A sample of {capacity} rows of {dimension} values does not fit in one array; take a smaller sample.");
        }

        Capacity = capacity;
        Dimension = dimension;
        _rows = new float[(long)capacity * dimension];
        _random = new Random(seed);
    }

    /// <summary>Rows kept at most.</summary>
    public int Capacity { get; }

    /// <summary>Values per row.</summary>
    public int Dimension { get; }

    /// <summary>Rows offered so far.</summary>
    public long Seen { get; private set; }

    /// <summary>Rows kept: <c>min(Seen, Capacity)</c>.</summary>
    public int Count => (int)Math.Min(Seen, Capacity);

    /// <summary>The kept rows, <c>Count x Dimension</c> row-major; valid until the next <see cref="Offer"/>.</summary>
    public ReadOnlySpan<float> Rows => _rows.AsSpan(0, Count * Dimension);

    /// <summary>Offers one row; it is copied when kept.</summary>
    /// <param name="row">Exactly <see cref="Dimension"/> values.</param>
    public void Offer(ReadOnlySpan<float> row)
    {
        if (row.Length != Dimension)
        {
            throw new ArgumentException($"Row has {row.Length} values; the sample holds rows of {Dimension}.", nameof(row));
        }

        long slot;
        if (Seen < Capacity)
        {
            slot = Seen;
        }
        else
        {
            slot = _random.NextInt64(Seen + 1);
        }

        Seen++;
        if (slot < Capacity)
        {
            row.CopyTo(_rows.AsSpan((int)slot * Dimension, Dimension));
        }
    }

    /// <summary>Copies the kept rows into a new array the caller owns.</summary>
    /// <returns><c>Count x Dimension</c> floats.</returns>
    public float[] ToArray() => Rows.ToArray();

    /// <summary>
    /// Hands the kept rows to the caller without a copy when the sample is full (so a large sample is
    /// never held twice); the sample must not be used afterwards.
    /// </summary>
    /// <returns><c>Count x Dimension</c> floats the caller owns.</returns>
    public float[] Take() => Count == Capacity ? _rows : ToArray();
}
