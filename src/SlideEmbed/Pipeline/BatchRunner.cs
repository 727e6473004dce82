using System.Diagnostics;
using System.Text.Json;
using SlideEmbed.Output;
using SlideEmbed.Slides;

namespace SlideEmbed.Pipeline;

/// <summary>
/// Runs one model over many slides: resume (a slide is skipped only when its complete outputs carry the
/// same configuration digest and slide fingerprint), per-slide isolation (one slide's failure never stops
/// the run), optional slide-level aggregation, and the run report. The CLI and the worker share it.
/// </summary>
public sealed class BatchRunner
{
    private readonly SlideEmbeddingJob _job;
    private readonly ITileSinkFactory _sinks;
    private readonly ISlideLevelStep? _slideLevel;
    private readonly MppOverrides _overrides;
    private readonly MppOverrideMode _mode;

    /// <summary>Creates the runner.</summary>
    /// <param name="job">The per-slide job.</param>
    /// <param name="sinks">Tile file factory (also reads existing files for resume).</param>
    /// <param name="slideLevel">Slide-level aggregation, or null for none.</param>
    /// <param name="overrides">Run-wide resolution overrides.</param>
    public BatchRunner(SlideEmbeddingJob job, ITileSinkFactory sinks, ISlideLevelStep? slideLevel, MppOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        _job = job;
        _sinks = sinks;
        _slideLevel = slideLevel;
        _overrides = overrides;
        _mode = overrides.Mode;
    }

    /// <summary>Processes the slides.</summary>
    /// <param name="slides">Slides, in order.</param>
    /// <param name="skipped">Files that are not slides, reported as such.</param>
    /// <param name="outDir">The model's output folder.</param>
    /// <param name="report">The report to fill.</param>
    /// <param name="force">Redo up-to-date slides.</param>
    /// <param name="dryRun">Only decide what would run.</param>
    /// <param name="progress">Progress receiver, or null.</param>
    /// <param name="cancellationToken">Stops between and within slides; finished slides stay finished.</param>
    /// <returns>A task that completes when every slide is handled.</returns>
    public async Task RunAsync(IReadOnlyList<SlideInput> slides, IReadOnlyList<(string Path, string Reason)> skipped, string outDir, RunReport report, bool force, bool dryRun, IRunProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slides);
        ArgumentNullException.ThrowIfNull(skipped);
        ArgumentNullException.ThrowIfNull(report);
        if (!dryRun)
        {
            Directory.CreateDirectory(outDir);
            PartialFiles.RemoveStale(outDir);
        }

        foreach (var (path, reason) in skipped)
        {
            var r = new SlideReport { Path = path, Status = SlideStatus.NotASlide, Error = reason };
            report.Slides.Add(r);
            progress?.SlideFinished(r);
        }

        var ids = SlideIds.Assign(slides.Select(s => s.Path));
        for (var i = 0; i < slides.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slide = slides[i];
            var id = ids[slide.Path];
            progress?.SlideStarted(i, slides.Count, id);
            var r = await RunOne(slide, id, outDir, force, dryRun, progress, cancellationToken).ConfigureAwait(false);
            report.Slides.Add(r);
            progress?.SlideFinished(r);
        }
    }

    private async Task<SlideReport> RunOne(SlideInput slide, string id, string outDir, bool force, bool dryRun, IRunProgress? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var overrides = slide.Mpp is { } mpp ? MppOverrides.Create(mpp, null, _mode) : _overrides;
        var tilesFile = Path.Combine(outDir, id + _sinks.Suffix);
        var slideFile = _slideLevel?.PathFor(outDir, id);
        try
        {
            var digest = _job.ConfigDigest(slide.Path, overrides, _slideLevel?.Name ?? "none");
            if (!force && IsUpToDate(slide.Path, tilesFile, slideFile, digest, out var tiles))
            {
                return new SlideReport { Path = slide.Path, SlideId = id, Status = SlideStatus.UpToDate, Tiles = tiles, Outputs = Outputs(tilesFile, tiles > 0 ? slideFile : null) };
            }

            if (dryRun)
            {
                return new SlideReport { Path = slide.Path, SlideId = id, Status = SlideStatus.Planned };
            }

            var tileProgress = progress is null ? null : new InlineProgress<(int Done, int Total)>(p => progress.Tiles(p.Done, p.Total));
            var result = await _job.RunAsync(slide.Path, id, outDir, overrides, digest, tileProgress, ct).ConfigureAwait(false);
            var warnings = result.Warnings;
            if (_slideLevel is not null && result.Tiles == 0)
            {
                // Nothing to aggregate: the empty tile table is the whole result, and a slide file left by an
                // earlier run with other settings must not pass for this run's.
                File.Delete(slideFile!);
                slideFile = null;
                warnings = [.. warnings, $"no slide embedding for '{slide.Path}': it has no tiles to aggregate."];
            }
            else if (_slideLevel is not null)
            {
                _slideLevel.Write(result.TilesFile, id, outDir);
            }

            return new SlideReport
            {
                Path = slide.Path, SlideId = id, Status = SlideStatus.Done, Tiles = result.Tiles, FailedTiles = result.FailedTiles,
                Seconds = clock.Elapsed.TotalSeconds, Outputs = Outputs(tilesFile, slideFile), Warnings = warnings,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new SlideReport
            {
                Path = slide.Path, SlideId = id, Status = SlideStatus.Failed, Seconds = clock.Elapsed.TotalSeconds,
                ErrorKind = e is SlideException se ? se.Kind : e.GetType().Name,
                Error = e.Message,
            };
        }
    }

    private bool IsUpToDate(string slidePath, string tilesFile, string? slideFile, string digest, out int tiles)
    {
        tiles = 0;
        var meta = _sinks.TryReadMetadata(tilesFile);
        if (meta is null || !meta.TryGetValue(SlideEmbeddingJob.DigestKey, out var stored) || stored != digest
            || !meta.TryGetValue(Provenance.MetadataKey, out var provenance))
        {
            return false;
        }

        using var doc = JsonDocument.Parse(provenance);
        var hasTiles = !doc.RootElement.GetProperty("config").TryGetProperty("tile_count", out var recorded) || recorded.GetInt32() > 0;
        if (slideFile is not null && hasTiles && _sinks.TryReadMetadata(slideFile) is null)
        {
            return false;
        }

        var f = doc.RootElement.GetProperty("slide_fingerprint");
        var current = SlideFingerprint.Of(slidePath);
        var same = f.GetProperty("size_bytes").GetInt64() == current.SizeBytes
            && f.GetProperty("modified_utc").GetString() == current.ModifiedUtc
            && f.GetProperty("head_tail_sha256").GetString() == current.HeadTailSha256;
        if (same && doc.RootElement.GetProperty("config").TryGetProperty("tile_count", out var count))
        {
            tiles = count.GetInt32();
        }

        return same;
    }

    private static List<string> Outputs(string tilesFile, string? slideFile)
    {
        var list = new List<string> { tilesFile };
        if (slideFile is not null)
        {
            list.Add(slideFile);
        }

        return list;
    }
}
