using SlideEmbed.Pipeline;
using SlideEmbed.Slides;

namespace SlideEmbed.Worker;

/// <summary>
/// The embedding pipeline a worker runs each slide through: the same <see cref="Pipeline.SlideRun"/> (and so
/// the same <see cref="SlideEmbeddingJob"/>, ids, resume rules and slide-level step) as the batch CLI, composed
/// by the host. Owns the resources it is given (encoders) and disposes them.
/// </summary>
public sealed class WorkerPipeline : IDisposable
{
    private readonly IReadOnlyList<IDisposable> _owned;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="modelName">The model's name; outputs go to <c>&lt;out&gt;/&lt;model&gt;/</c>.</param>
    /// <param name="slideRun">The single-slide run.</param>
    /// <param name="opener">The slide library, used to tell slides from other files and to check a slide opens.</param>
    /// <param name="force">Redo slides whose outputs are complete and current (the batch <c>force</c> setting).</param>
    /// <param name="owned">Resources disposed with the pipeline.</param>
    public WorkerPipeline(string modelName, SlideRun slideRun, ISlideOpener opener, bool force, IEnumerable<IDisposable> owned)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(slideRun);
        ArgumentNullException.ThrowIfNull(opener);
        ArgumentNullException.ThrowIfNull(owned);
        ModelName = modelName;
        SlideRun = slideRun;
        Opener = opener;
        Force = force;
        _owned = owned.ToList();
    }

    /// <summary>The model's name.</summary>
    public string ModelName { get; }

    /// <summary>The single-slide run.</summary>
    public SlideRun SlideRun { get; }

    /// <summary>The slide library.</summary>
    public ISlideOpener Opener { get; }

    /// <summary>Whether up-to-date outputs are redone.</summary>
    public bool Force { get; }

    /// <summary>Disposes the owned resources.</summary>
    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }
    }
}
