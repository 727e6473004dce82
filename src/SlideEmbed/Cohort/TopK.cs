namespace SlideEmbed.Cohort;

/// <summary>
/// The best <see cref="Capacity"/> hits seen so far, kept in a binary min-heap whose root is the worst
/// kept hit, so each offer costs one comparison when it does not qualify and O(log k) when it does.
/// Ties are broken by id (smaller id wins), which makes merged results independent of how the items
/// were split between threads.
/// </summary>
/// <remarks>Not thread-safe: give each thread its own and <see cref="Merge"/> them.</remarks>
public sealed class TopK
{
    private readonly SearchHit[] _heap;

    /// <summary>Creates an empty collection.</summary>
    /// <param name="capacity">How many hits to keep, at least 1.</param>
    public TopK(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _heap = new SearchHit[capacity];
    }

    /// <summary>How many hits are kept at most.</summary>
    public int Capacity => _heap.Length;

    /// <summary>How many hits are kept now.</summary>
    public int Count { get; private set; }

    /// <summary>The score a new hit must beat once full (negative infinity before).</summary>
    public float Threshold => Count < _heap.Length ? float.NegativeInfinity : _heap[0].Score;

    /// <summary>Offers a hit.</summary>
    /// <param name="score">Its similarity; NaN is ignored.</param>
    /// <param name="id">Its id.</param>
    public void Offer(float score, long id)
    {
        if (float.IsNaN(score))
        {
            return;
        }

        var hit = new SearchHit(score, id);
        if (Count < _heap.Length)
        {
            _heap[Count] = hit;
            SiftUp(Count++);
        }
        else if (hit > _heap[0])
        {
            _heap[0] = hit;
            SiftDown(0);
        }
    }

    /// <summary>Offers every hit of another collection.</summary>
    /// <param name="other">Hits found by another thread.</param>
    public void Merge(TopK other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < other.Count; i++)
        {
            Offer(other._heap[i].Score, other._heap[i].Id);
        }
    }

    /// <summary>The kept hits, best first.</summary>
    /// <returns>A new array.</returns>
    public SearchHit[] ToSortedArray()
    {
        var result = _heap.AsSpan(0, Count).ToArray();
        Array.Sort(result, (a, b) => b.CompareTo(a));
        return result;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (_heap[i] >= _heap[parent])
            {
                return;
            }

            (_heap[i], _heap[parent]) = (_heap[parent], _heap[i]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= Count)
            {
                return;
            }

            var smallest = left + 1 < Count && _heap[left + 1] < _heap[left] ? left + 1 : left;
            if (_heap[i] <= _heap[smallest])
            {
                return;
            }

            (_heap[i], _heap[smallest]) = (_heap[smallest], _heap[i]);
            i = smallest;
        }
    }
}
