namespace SlideEmbed.Pipeline;

/// <summary>Receives the progress of a batch run (the CLI draws bars or writes log lines; the worker logs).</summary>
public interface IRunProgress
{
    /// <summary>A slide starts.</summary>
    /// <param name="index">0-based position in the run.</param>
    /// <param name="count">Slides in the run.</param>
    /// <param name="slideId">Its id.</param>
    void SlideStarted(int index, int count, string slideId);

    /// <summary>Tiles of the current slide finished so far.</summary>
    /// <param name="done">Tiles done.</param>
    /// <param name="total">Tiles in the slide.</param>
    void Tiles(int done, int total);

    /// <summary>A slide ended (done, up to date, failed or planned).</summary>
    /// <param name="report">Its report.</param>
    void SlideFinished(SlideReport report);
}
