using System.Text.Json.Nodes;

namespace SlideEmbed.Worker;

/// <summary>
/// The JSON file that says why a slide was given up on: <c>failed/&lt;name&gt;.reason.json</c> beside the
/// moved source (in marker mode the same content is the <c>&lt;name&gt;.failed</c> marker).
/// </summary>
internal static class FailureReport
{
    /// <summary>Suffix of the reason file after the source's name in <c>failed/</c>.</summary>
    public const string Suffix = ".reason.json";

    /// <summary>The document.</summary>
    /// <param name="item">The item given up on.</param>
    /// <param name="kind">Short kind of the final reason (e.g. <c>empty-file</c>, <c>not-a-slide</c>, <c>unsupported-format</c>).</param>
    /// <param name="reason">The reason, for people.</param>
    /// <param name="record">The claim record with every attempt's error.</param>
    /// <param name="me">This worker.</param>
    /// <param name="now">The time.</param>
    /// <param name="movedTo">Where the source is moved, or null in marker mode.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject Build(DropItem item, string kind, string reason, ClaimRecord record, WorkerIdentity me, DateTimeOffset now, string? movedTo) => new()
    {
        ["slide"] = item.Name,
        ["original_path"] = item.Path,
        ["moved_to"] = movedTo,
        ["failed_utc"] = WorkerJson.Time(now),
        ["kind"] = kind,
        ["reason"] = reason,
        ["attempts"] = record.Attempts,
        ["errors"] = ClaimRecord.ErrorsJson(record.Errors),
        ["size_bytes"] = item.Snapshot.TotalBytes,
        ["host"] = me.Host,
        ["pid"] = me.Pid,
    };
}
