using System.Diagnostics;
using SlideEmbed.Output;
using SlideEmbed.Slides;

namespace SlideEmbed.Pipeline;

/// <summary>
/// One slide through one model: the resume check (<see cref="Check"/>), the run into a folder
/// (<see cref="RunAsync"/>: embed, slide-level step, removal of outputs that are no longer current) and the
/// ids that keep slides from taking each other's outputs (<see cref="AssignIds"/>). The batch loop
/// (<see cref="BatchRunner"/>), <c>embed</c>, <c>tiles</c> and the drop-folder worker share it. Thread-safe for different slides.
/// </summary>
public sealed partial class SlideRun
{
    /// <summary>
    /// Schema metadata key of a random id given to each tile file when it is made; the slide file made from
    /// it carries the same value, so resume can tell a slide file that belongs to this tile file from one
    /// left by an earlier run.
    /// </summary>
    public const string TilesIdKey = "slideembed.tiles_id";

    private readonly ISlideJob _job;
    private readonly ITileSinkFactory _sinks;
    private readonly MppOverrides _overrides;

    /// <summary>Creates the run.</summary>
    /// <param name="job">The per-slide job: embedding with a model, or the tile table alone.</param>
    /// <param name="sinks">Tile file factory (also reads existing files for resume).</param>
    /// <param name="slideLevel">Slide-level step, or null for none.</param>
    /// <param name="overrides">Run-wide resolution overrides.</param>
    public SlideRun(ISlideJob job, ITileSinkFactory sinks, ISlideLevelStep? slideLevel, MppOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(overrides);
        _job = job;
        _sinks = sinks;
        SlideLevel = slideLevel;
        _overrides = overrides;
    }

    /// <summary>The slide-level step, or null.</summary>
    public ISlideLevelStep? SlideLevel { get; }

    /// <summary>Assigns output ids by the rule of <see cref="SlideIds"/>, consulting the outputs already in <paramref name="outDir"/>.</summary>
    /// <param name="slides">The run's slides.</param>
    /// <param name="outDir">The model's output folder.</param>
    /// <param name="samePathIsSameSlide">
    /// True (batch runs): outputs made from the same path belong to the slide even if its content changed (a
    /// rescan replaces its outputs). False (a drop folder that moves its sources away, so a path is reused by
    /// other slides): only outputs of the same content (size and head/tail digest) belong to it.
    /// </param>
    /// <returns>Full path to id.</returns>
    public IReadOnlyDictionary<string, string> AssignIds(IEnumerable<SlideInput> slides, string outDir, bool samePathIsSameSlide = true)
    {
        ArgumentNullException.ThrowIfNull(slides);
        return SlideIds.Assign(slides.Select(s => s.Path), (id, path) => Owner(outDir, id, path, samePathIsSameSlide));
    }

    /// <summary>The configuration digest recorded in and compared with a slide's outputs.</summary>
    /// <param name="slide">The slide.</param>
    /// <returns>Lower-case hex SHA-256.</returns>
    public string Digest(SlideInput slide)
    {
        ArgumentNullException.ThrowIfNull(slide);
        return _job.ConfigDigest(slide.Path, OverridesFor(slide), $"{SlideLevel?.Name ?? "none"}|{_sinks.Format}");
    }

    /// <summary>Whether the slide's outputs in <paramref name="outDir"/> are complete, current and consistent.</summary>
    /// <param name="slide">The slide.</param>
    /// <param name="slideId">Its id.</param>
    /// <param name="outDir">The model's output folder.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="IOException">The slide cannot be read for its fingerprint.</exception>
    public SlideCheck Check(SlideInput slide, string slideId, string outDir)
    {
        ArgumentNullException.ThrowIfNull(slide);
        var tilesFile = Path.Combine(outDir, slideId + _sinks.Suffix);
        var tiles = _sinks.TryReadMetadata(tilesFile);
        if (tiles is null)
        {
            return SlideCheck.Stale("no complete tile file");
        }

        if (!tiles.TryGetValue(SlideEmbeddingJob.DigestKey, out var stored) || stored != Digest(slide))
        {
            return SlideCheck.Stale("made with other settings");
        }

        if (ProvenanceRecord.TryRead(tiles) is not { } record)
        {
            return SlideCheck.Stale("the tile file has no readable provenance");
        }

        if (record.Fingerprint != SlideFingerprint.Of(slide.Path))
        {
            return SlideCheck.Stale("the slide changed");
        }

        if (OverrideChanged(slide, record) is { } overrideReason)
        {
            return SlideCheck.Stale(overrideReason);
        }

        var count = record.TileCount ?? 0;
        var slideFile = SlideLevel?.PathFor(outDir, slideId) ?? Path.Combine(outDir, slideId + SlideOutputs.SlideSuffix);
        var slideMeta = _sinks.TryReadMetadata(slideFile);
        if (SlideLevel is not null && count > 0)
        {
            if (slideMeta is null)
            {
                return SlideCheck.Stale("no complete slide file");
            }

            if (!tiles.TryGetValue(TilesIdKey, out var tilesId) || !slideMeta.TryGetValue(TilesIdKey, out var madeFrom) || tilesId != madeFrom)
            {
                return SlideCheck.Stale("the slide file was not made from the current tile file");
            }
        }
        else if (File.Exists(slideFile))
        {
            return SlideCheck.Stale("a slide file of other settings is present");
        }

        return new SlideCheck(true, count, null);
    }

    /// <summary>
    /// Runs the slide into <paramref name="outDir"/> unless its outputs are up to date, then removes the
    /// slide's outputs that are not of this run (a slide file of another slide encoder, or every output
    /// when the slide fails and its old outputs are not current).
    /// </summary>
    /// <param name="slide">The slide.</param>
    /// <param name="slideId">Its id (see <see cref="AssignIds"/>).</param>
    /// <param name="outDir">The model's output folder.</param>
    /// <param name="force">Redo up-to-date outputs.</param>
    /// <param name="dryRun">Only decide; write and remove nothing.</param>
    /// <param name="progress">Progress receiver, or null.</param>
    /// <param name="cancellationToken">Stops the slide; nothing is left half-written.</param>
    /// <returns>The slide's report.</returns>
    public async Task<SlideReport> RunAsync(SlideInput slide, string slideId, string outDir, bool force, bool dryRun, IRunProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slide);
        var clock = Stopwatch.StartNew();
        try
        {
            if (!force && Check(slide, slideId, outDir) is { UpToDate: true } check)
            {
                return new SlideReport { Path = slide.Path, SlideId = slideId, Status = SlideStatus.UpToDate, Tiles = check.Tiles, Outputs = CurrentOutputs(outDir, slideId, check.Tiles) };
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(slide, slideId, clock, e);
        }

        if (dryRun)
        {
            return new SlideReport { Path = slide.Path, SlideId = slideId, Status = SlideStatus.Planned };
        }

        var report = await EmbedAsync(slide, slideId, outDir, progress, cancellationToken).ConfigureAwait(false);
        return report with { Removed = report.Status == SlideStatus.Done ? RemoveOthers(outDir, slideId, report.Outputs) : RemoveUnlessCurrent(slide, slideId, outDir) };
    }

    /// <summary>
    /// Embeds the slide into <paramref name="writeDir"/> (the output folder, or a staging folder that is
    /// published later) without a resume check and without removing anything.
    /// </summary>
    /// <param name="slide">The slide.</param>
    /// <param name="slideId">Its id.</param>
    /// <param name="writeDir">Where to write.</param>
    /// <param name="progress">Progress receiver, or null.</param>
    /// <param name="cancellationToken">Stops the slide.</param>
    /// <returns>A report with status done or failed; <see cref="SlideReport.Outputs"/> lists the embedding files written (the tissue outputs are written too).</returns>
    public async Task<SlideReport> EmbedAsync(SlideInput slide, string slideId, string writeDir, IRunProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slide);
        var clock = Stopwatch.StartNew();
        try
        {
            var tileProgress = progress is null ? null : new InlineProgress<(int Done, int Total)>(p => progress.Tiles(p.Done, p.Total));
            var result = await _job.RunAsync(slide.Path, slideId, writeDir, OverridesFor(slide), Digest(slide), tileProgress, cancellationToken).ConfigureAwait(false);
            var warnings = result.Warnings;
            var outputs = new List<string> { result.TilesFile };
            if (SlideLevel is not null && result.Tiles == 0)
            {
                warnings = [.. warnings, $"no slide embedding for '{slide.Path}': it has no tiles to aggregate."];
            }
            else if (SlideLevel is not null)
            {
                outputs.Add(SlideLevel.Write(result));
            }

            return new SlideReport
            {
                Path = slide.Path, SlideId = slideId, Status = SlideStatus.Done, Tiles = result.Tiles, FailedTiles = result.FailedTiles,
                Seconds = clock.Elapsed.TotalSeconds, Outputs = outputs, Warnings = warnings,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failed(slide, slideId, clock, e);
        }
    }

    /// <summary>Removes every output of the slide in <paramref name="outDir"/> unless all of them are current (used after a failure).</summary>
    /// <param name="slide">The slide.</param>
    /// <param name="slideId">Its id.</param>
    /// <param name="outDir">The model's output folder.</param>
    /// <returns>The files removed.</returns>
    public IReadOnlyList<string> RemoveUnlessCurrent(SlideInput slide, string slideId, string outDir)
    {
        ArgumentNullException.ThrowIfNull(slide);
        try
        {
            if (Check(slide, slideId, outDir).UpToDate)
            {
                return [];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The slide cannot be read, so nothing in the folder can be shown to be current.
        }

        return SlideOutputs.Remove(outDir, slideId, []);
    }

    /// <summary>Removes the slide's outputs in <paramref name="outDir"/> other than <paramref name="keep"/> and its tissue outputs (which every run writes).</summary>
    /// <param name="outDir">The model's output folder.</param>
    /// <param name="slideId">The slide id.</param>
    /// <param name="keep">The files just written.</param>
    /// <returns>The files removed.</returns>
    public static IReadOnlyList<string> RemoveOthers(string outDir, string slideId, IEnumerable<string> keep)
    {
        var (mask, qc, geoJson) = TilingOutputs.PathsFor(outDir, slideId);
        return SlideOutputs.Remove(outDir, slideId, keep.Concat([mask, qc, geoJson]));
    }

    private MppOverrides OverridesFor(SlideInput slide) =>
        slide.Mpp is { } mpp ? MppOverrides.Create(mpp, null, _overrides.Mode) : _overrides;

    private List<string> CurrentOutputs(string outDir, string slideId, int tiles)
    {
        var list = new List<string> { Path.Combine(outDir, slideId + _sinks.Suffix) };
        if (SlideLevel is not null && tiles > 0)
        {
            list.Add(SlideLevel.PathFor(outDir, slideId));
        }

        return list;
    }

    private static SlideReport Failed(SlideInput slide, string slideId, Stopwatch clock, Exception e) => new()
    {
        Path = slide.Path, SlideId = slideId, Status = SlideStatus.Failed, Seconds = clock.Elapsed.TotalSeconds,
        ErrorKind = e is SlideException se ? se.Kind : e.GetType().Name,
        Error = e.Message,
    };
}
