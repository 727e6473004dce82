namespace SlideEmbed.Pipeline;

/// <summary>A tile sink backed by a file that appears only on <see cref="Commit"/>; disposing without committing leaves nothing.</summary>
public interface ICommittableTileSink : ITileEmbeddingSink, IDisposable
{
    /// <summary>Finishes the file and moves it into place atomically.</summary>
    void Commit();
}
