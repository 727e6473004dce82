using SlideEmbed.Slides;

namespace SlideEmbed.Pipeline;

/// <summary>
/// Shares one open slide between reader workers and replaces it when a read fails: OpenSlide's error
/// state is sticky, so after one bad tile every later read on that handle would fail. A worker whose
/// read failed asks for a fresh handle for the generation it used; only the first such request
/// reopens, and the old handle is disposed once its in-flight reads finish.
/// </summary>
internal sealed class ReopeningSlide : IDisposable
{
    private readonly ISlideOpener _opener;
    private readonly string _path;
    private readonly object _gate = new();
    private readonly List<ISlideSource> _retired = [];
    private (ISlideSource Slide, int Generation) _current;

    public ReopeningSlide(ISlideOpener opener, ISlideSource initial)
    {
        _opener = opener;
        _path = initial.Path;
        _current = (initial, 0);
    }

    public (ISlideSource Slide, int Generation) Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Opens a fresh handle unless another worker already replaced <paramref name="generation"/>.</summary>
    /// <param name="generation">The generation whose handle failed.</param>
    /// <returns>The current handle after the replacement.</returns>
    public (ISlideSource Slide, int Generation) Replace(int generation)
    {
        lock (_gate)
        {
            if (_current.Generation == generation)
            {
                var fresh = _opener.Open(_path);
                _retired.Add(_current.Slide);
                _current = (fresh, generation + 1);
            }

            return _current;
        }
    }

    /// <summary>Disposes the handles this object opened (not the initial one, which its caller owns).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var slide in _retired.Skip(1))
            {
                slide.Dispose();
            }

            if (_current.Generation > 0)
            {
                _current.Slide.Dispose();
            }
        }
    }
}
