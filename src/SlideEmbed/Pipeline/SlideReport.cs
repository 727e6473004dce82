namespace SlideEmbed.Pipeline;

/// <summary>One slide's line of the run report.</summary>
public sealed record SlideReport
{
    /// <summary>Slide path.</summary>
    public required string Path { get; init; }

    /// <summary>Slide id (null for files that are not slides).</summary>
    public string? SlideId { get; init; }

    /// <summary>Outcome.</summary>
    public required SlideStatus Status { get; init; }

    /// <summary>Tiles embedded (or in the existing output when up to date).</summary>
    public int Tiles { get; init; }

    /// <summary>Tiles that could not be read.</summary>
    public int FailedTiles { get; init; }

    /// <summary>Wall time in seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>Error kind (e.g. <c>unopenable</c>, <c>missing-mpp</c>) when failed.</summary>
    public string? ErrorKind { get; init; }

    /// <summary>Error message, or the reason a file was skipped.</summary>
    public string? Error { get; init; }

    /// <summary>Warnings about a slide that was embedded (no tissue, upsampled tiles).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Output files of this slide.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Outputs of this slide removed because they were no longer current (an earlier run's files).</summary>
    public IReadOnlyList<string> Removed { get; init; } = [];
}
