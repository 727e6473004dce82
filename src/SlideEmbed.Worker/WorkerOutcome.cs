namespace SlideEmbed.Worker;

/// <summary>How one claim of a dropped item ended.</summary>
public enum WorkerOutcome
{
    /// <summary>Embedded; outputs published, source moved to <c>done/</c> or marked.</summary>
    Done,

    /// <summary>Complete, current outputs already existed; source moved to <c>done/</c> or marked.</summary>
    UpToDate,

    /// <summary>Given up on: moved to <c>failed/</c> (or marked) with the reason.</summary>
    Failed,

    /// <summary>The attempt failed; the slide is tried again after the back-off.</summary>
    Retrying,

    /// <summary>The source changed while it was processed; outputs discarded, the new version waits for its quiet period.</summary>
    SourceChanged,

    /// <summary>The source disappeared while it was processed; outputs discarded.</summary>
    SourceGone,

    /// <summary>Shutdown came before the slide finished; outputs discarded, the attempt not counted.</summary>
    Abandoned,
}
