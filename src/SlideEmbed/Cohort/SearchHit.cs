namespace SlideEmbed.Cohort;

/// <summary>One result of a nearest-neighbour search: a similarity and the caller's id of the item.</summary>
/// <param name="Score">Cosine similarity (or dot product for unnormalised vectors); higher is nearer.</param>
/// <param name="Id">The caller's id of the item (for example a row number across a cohort).</param>
public readonly record struct SearchHit(float Score, long Id) : IComparable<SearchHit>
{
    /// <summary>
    /// Orders hits from worst to best: lower score first, and at equal scores the larger id first, so
    /// the best hit of a tie is the one with the smallest id and results do not depend on thread count.
    /// </summary>
    /// <param name="other">The other hit.</param>
    /// <returns>Negative when this hit is worse.</returns>
    public int CompareTo(SearchHit other)
    {
        var c = Score.CompareTo(other.Score);
        return c != 0 ? c : other.Id.CompareTo(Id);
    }

    /// <summary>Whether <paramref name="left"/> is worse than <paramref name="right"/>.</summary>
    /// <param name="left">A hit.</param>
    /// <param name="right">Another hit.</param>
    /// <returns>True when worse.</returns>
    public static bool operator <(SearchHit left, SearchHit right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is better than <paramref name="right"/>.</summary>
    /// <param name="left">A hit.</param>
    /// <param name="right">Another hit.</param>
    /// <returns>True when better.</returns>
    public static bool operator >(SearchHit left, SearchHit right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is not better than <paramref name="right"/>.</summary>
    /// <param name="left">A hit.</param>
    /// <param name="right">Another hit.</param>
    /// <returns>True when worse or equal.</returns>
    public static bool operator <=(SearchHit left, SearchHit right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is not worse than <paramref name="right"/>.</summary>
    /// <param name="left">A hit.</param>
    /// <param name="right">Another hit.</param>
    /// <returns>True when better or equal.</returns>
    public static bool operator >=(SearchHit left, SearchHit right) => left.CompareTo(right) >= 0;
}
