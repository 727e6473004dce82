using System.Text.Json.Nodes;
using SlideEmbed.Output;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;

namespace SlideEmbed.Worker;

/// <summary>Settling items: moving (or marking) finished and failed sources and deleting their claims.</summary>
public sealed partial class DropFolderWorker
{
    /// <summary>The outputs are in place: move the source to <c>done/</c> (or mark it) and delete the claim.</summary>
    private void FinishDone(DropItem item, SlideClaim claim, ClaimRecord record, SlideFingerprint? before, WorkerOutcome outcome, int tiles, double seconds, IReadOnlyList<string> outputs)
    {
        var name = item.Name;
        string source;
        if (_options.Finished == FinishedSourceAction.Move)
        {
            var destName = record.FinishingTo ?? SourceMover.FreeName(_options.DonePath, item);
            record.State = ClaimRecord.Finishing;
            record.FinishingTo = destName;
            record.HeldBy(_me, _clock.GetUtcNow());
            claim.Write(record);
            var moved = SourceMover.Move(item, _options.DonePath, destName);
            source = moved;
            if (before is not null && !SameFile(moved, before))
            {
                // Replaced between the last check and the move: what went to done/ is a new slide.
                PutBack(item, moved);
                WorkerLog.ReplacedWhileFinishing(_logger, name, moved);
                source = item.Path;
            }
        }
        else
        {
            SourceMarkers.Write(item, SourceMarkers.DoneSuffix, new JsonObject
            {
                ["slide"] = name,
                ["slide_id"] = outputs.FirstOrDefault(o => o.EndsWith(SlideOutputs.TilesSuffix, StringComparison.Ordinal)) is { } tilesFile ? Path.GetFileName(tilesFile)[..^SlideOutputs.TilesSuffix.Length] : SlideIds.BaseId(item.Path),
                ["finished_utc"] = WorkerJson.Time(_clock.GetUtcNow()),
                ["outcome"] = outcome == WorkerOutcome.Done ? "done" : "up_to_date",
                ["tiles"] = tiles,
                ["outputs"] = new JsonArray(outputs.Select(o => (JsonNode)o).ToArray()),
                ["host"] = _me.Host,
                ["pid"] = _me.Pid,
            });
            source = item.Path + SourceMarkers.DoneSuffix;
        }

        claim.Complete();
        Forget(name);
        if (outcome == WorkerOutcome.Done)
        {
            WorkerLog.SlideDone(_logger, name, tiles, seconds, string.Join(", ", outputs.Select(Path.GetFileName)), source);
        }
        else
        {
            WorkerLog.SlideUpToDate(_logger, name, source);
        }

        Parts.Status.End(outcome, name, null, null);
        _observer?.SlideFinished(name, outcome, null);
    }

    /// <summary>Gives up on an item: the reason file and the move to <c>failed/</c> (or the failed marker), then the claim is deleted.</summary>
    private void GiveUp(DropItem item, SlideClaim claim, ClaimRecord record, string kind, string reason)
    {
        var now = _clock.GetUtcNow();
        string destination;
        if (_options.Finished == FinishedSourceAction.Move)
        {
            var destName = SourceMover.FreeName(_options.FailedPath, item);
            var moved = Path.Combine(_options.FailedPath, destName);
            // The reason first: a source in failed/ always has one (a crash in between leaves the source in the drop folder).
            WorkerJson.WriteAtomic(moved + FailureReport.Suffix, FailureReport.Build(item, kind, reason, record, _me, now, moved));
            SourceMover.Move(item, _options.FailedPath, destName);
            destination = $"moved to {moved}";
        }
        else
        {
            SourceMarkers.Write(item, SourceMarkers.FailedSuffix, FailureReport.Build(item, kind, reason, record, _me, now, null));
            destination = $"marked {item.Path + SourceMarkers.FailedSuffix}";
        }

        claim.Complete();
        Forget(item.Name);
        WorkerLog.SlideFailed(_logger, item.Name, kind, reason, destination);
        Parts.Status.End(WorkerOutcome.Failed, item.Name, kind, reason);
        _observer?.SlideFinished(item.Name, WorkerOutcome.Failed, $"[{kind}] {reason}");
    }

    private static bool SameFile(string path, SlideFingerprint before)
    {
        try
        {
            return SlideFingerprint.Of(path) == before;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void PutBack(DropItem item, string moved)
    {
        try
        {
            File.Move(moved, item.Path, overwrite: false);
        }
        catch (IOException)
        {
            // Yet another file took the name meanwhile; the moved one stays in done/ and the error is logged.
        }
    }
}
