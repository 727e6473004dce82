using SlideEmbed.Slides;

namespace SlideEmbed.Pipeline;

/// <summary>
/// Shares one open slide between reader workers and replaces it when a read fails: OpenSlide's error
/// state is sticky, so after one bad tile every later read on that handle would fail. A worker whose
/// read failed asks for a fresh handle for the generation it used; only the first such request
/// reopens.
/// </summary>
/// <remarks>
/// Readers hold a <see cref="SlideLease"/> for each read. Every handle counts its leases, and a handle that
/// was replaced is closed by the release of its last lease (at once when none is held), so at most the
/// current handle and those still being read stay open, and no read ever runs on a closed handle. The
/// initial handle belongs to the caller and is never closed here. Thread-safe.
/// </remarks>
internal sealed class ReopeningSlide : IDisposable
{
    private readonly ISlideOpener _opener;
    private readonly string _path;
    private readonly object _gate = new();
    private readonly List<Handle> _retired = [];
    private Handle _current;
    private bool _disposed;

    public ReopeningSlide(ISlideOpener opener, ISlideSource initial)
    {
        _opener = opener;
        _path = initial.Path;
        _current = new Handle(initial, 0, owned: false);
    }

    /// <summary>The generation of the current handle.</summary>
    public int Generation
    {
        get
        {
            lock (_gate)
            {
                return _current.Generation;
            }
        }
    }

    /// <summary>A lease on the current handle; dispose it when the read is done.</summary>
    /// <returns>The lease.</returns>
    public SlideLease Acquire()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _current.Users++;
            return new SlideLease(this, _current);
        }
    }

    /// <summary>
    /// Opens a fresh handle unless another worker already replaced the handle of <paramref name="failed"/>,
    /// ends <paramref name="failed"/>, and returns a lease on the current handle.
    /// </summary>
    /// <param name="failed">The lease whose read failed; disposed by this call, also when reopening fails.</param>
    /// <returns>A lease on the current handle after the replacement.</returns>
    /// <exception cref="SlideException">The slide could not be reopened.</exception>
    public SlideLease Replace(SlideLease failed)
    {
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_current.Generation == failed.Generation)
                {
                    var fresh = _opener.Open(_path);
                    _current.Retired = true;
                    _retired.Add(_current);
                    _current = new Handle(fresh, failed.Generation + 1, owned: true);
                }

                _current.Users++;
                return new SlideLease(this, _current);
            }
        }
        finally
        {
            failed.Dispose();
        }
    }

    /// <summary>Closes every handle this object opened (not the initial one, which its caller owns).</summary>
    public void Dispose()
    {
        List<ISlideSource> close;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            close = [.. _retired.Append(_current).Where(h => h.Owned && !h.Closed).Select(h => h.Slide)];
            foreach (var handle in _retired.Append(_current))
            {
                handle.Closed = true;
            }
        }

        foreach (var slide in close)
        {
            slide.Dispose();
        }
    }

    internal void Release(Handle handle)
    {
        lock (_gate)
        {
            handle.Users--;
            if (!handle.Retired || handle.Users > 0 || !handle.Owned || handle.Closed)
            {
                return;
            }

            // Nobody can take a new lease on a replaced handle, so its last release may close it; under the
            // lock, so that closing never overlaps a Dispose of this object.
            handle.Closed = true;
            _retired.Remove(handle);
            handle.Slide.Dispose();
        }
    }

    /// <summary>An open slide handle and the number of reads using it.</summary>
    internal sealed class Handle(ISlideSource slide, int generation, bool owned)
    {
        public ISlideSource Slide { get; } = slide;

        public int Generation { get; } = generation;

        public bool Owned { get; } = owned;

        public int Users { get; set; }

        public bool Retired { get; set; }

        public bool Closed { get; set; }
    }
}
