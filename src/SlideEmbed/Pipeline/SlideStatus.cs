namespace SlideEmbed.Pipeline;

/// <summary>What happened to one slide of a run.</summary>
public enum SlideStatus
{
    /// <summary>Embedded in this run.</summary>
    Done,

    /// <summary>Skipped: complete outputs for the same slide content and configuration already exist.</summary>
    UpToDate,

    /// <summary>Failed; the report gives the reason.</summary>
    Failed,

    /// <summary>Would be processed (dry run).</summary>
    Planned,

    /// <summary>Not a slide file; ignored.</summary>
    NotASlide,
}
