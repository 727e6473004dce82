using SlideEmbed.Slides;

namespace SlideEmbed.Pipeline;

/// <summary>
/// One reader's use of a handle of a <see cref="ReopeningSlide"/>: the handle stays open until every lease
/// on it is disposed, even after it has been replaced. Dispose it exactly once, when the read is done.
/// </summary>
internal readonly struct SlideLease : IDisposable
{
    private readonly ReopeningSlide? _owner;
    private readonly ReopeningSlide.Handle? _handle;

    internal SlideLease(ReopeningSlide owner, ReopeningSlide.Handle handle)
    {
        _owner = owner;
        _handle = handle;
    }

    /// <summary>The slide handle; valid until the lease is disposed.</summary>
    public ISlideSource Slide => _handle?.Slide ?? throw new InvalidOperationException("An empty lease has no slide.");

    /// <summary>Which replacement the handle is: 0 for the initial one, then 1, 2, ...</summary>
    public int Generation => _handle?.Generation ?? -1;

    /// <summary>Ends this use; the last use of a replaced handle closes it.</summary>
    public void Dispose()
    {
        if (_handle is not null)
        {
            _owner!.Release(_handle);
        }
    }
}
