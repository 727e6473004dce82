namespace SlideEmbed.Pipeline;

/// <summary>When the encoder worked on one slide: from its first batch's start to its last batch's end.</summary>
/// <param name="Slide">The slide's start order in the pipeline.</param>
/// <param name="FirstStart">Stopwatch timestamp before its first batch.</param>
/// <param name="LastEnd">Stopwatch timestamp after its last batch.</param>
public readonly record struct SlideEncoding(long Slide, long FirstStart, long LastEnd);
