using System.Text.Json;
using System.Text.Json.Nodes;

namespace SlideEmbed.Worker;

/// <summary>
/// The content of a claim file: who holds or last held the claim, and the slide's retry state, shared by
/// every worker on the folder and kept across restarts. The file lock, not this content, decides who holds
/// the claim; the content is for people and for recovering what a dead holder left.
/// </summary>
internal sealed class ClaimRecord
{
    /// <summary>State of a slide being processed.</summary>
    public const string Processing = "processing";

    /// <summary>State of a slide waiting for its next attempt.</summary>
    public const string Waiting = "waiting";

    /// <summary>State of a slide whose outputs are published and whose source is being moved.</summary>
    public const string Finishing = "finishing";

    /// <summary>The item name.</summary>
    public required string Slide { get; set; }

    /// <summary><see cref="Processing"/>, <see cref="Waiting"/> or <see cref="Finishing"/>.</summary>
    public string State { get; set; } = Waiting;

    /// <summary>Host of the last holder.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>Process id of the last holder.</summary>
    public int Pid { get; set; }

    /// <summary>Start time of the last holder's process.</summary>
    public DateTimeOffset? PidStartedUtc { get; set; }

    /// <summary>Worker instance of the last holder.</summary>
    public string Instance { get; set; } = string.Empty;

    /// <summary>When the last holder claimed it.</summary>
    public DateTimeOffset ClaimedUtc { get; set; }

    /// <summary>Digest of the item version the attempts were made on; a different version starts over.</summary>
    public string? SnapshotDigest { get; set; }

    /// <summary>Attempts started on this version, including one in progress.</summary>
    public int Attempts { get; set; }

    /// <summary>Earliest time of the next attempt, or null.</summary>
    public DateTimeOffset? NextAttemptUtc { get; set; }

    /// <summary>While finishing: the name the source gets in <c>done/</c>.</summary>
    public string? FinishingTo { get; set; }

    /// <summary>Why earlier attempts failed.</summary>
    public List<AttemptError> Errors { get; } = [];

    /// <summary>Marks the record as held by <paramref name="me"/> now.</summary>
    /// <param name="me">The holder.</param>
    /// <param name="now">The time.</param>
    public void HeldBy(WorkerIdentity me, DateTimeOffset now)
    {
        Host = me.Host;
        Pid = me.Pid;
        PidStartedUtc = me.ProcessStartedUtc;
        Instance = me.Instance;
        ClaimedUtc = now;
    }

    /// <summary>The record as JSON.</summary>
    /// <returns>The document.</returns>
    public JsonObject ToJson() => new()
    {
        ["slide"] = Slide,
        ["state"] = State,
        ["host"] = Host,
        ["pid"] = Pid,
        ["pid_started_utc"] = PidStartedUtc is { } p ? WorkerJson.Time(p) : null,
        ["instance"] = Instance,
        ["claimed_utc"] = WorkerJson.Time(ClaimedUtc),
        ["snapshot_digest"] = SnapshotDigest,
        ["attempts"] = Attempts,
        ["next_attempt_utc"] = NextAttemptUtc is { } n ? WorkerJson.Time(n) : null,
        ["finishing_to"] = FinishingTo,
        ["errors"] = ErrorsJson(Errors),
    };

    /// <summary>Attempt errors as a JSON array.</summary>
    /// <param name="errors">The errors.</param>
    /// <returns>The array.</returns>
    public static JsonArray ErrorsJson(IEnumerable<AttemptError> errors) =>
        new(errors.Select(e => (JsonNode)new JsonObject
        {
            ["attempt"] = e.Attempt,
            ["time_utc"] = WorkerJson.Time(e.TimeUtc),
            ["host"] = e.Host,
            ["pid"] = e.Pid,
            ["kind"] = e.Kind,
            ["message"] = e.Message,
        }).ToArray());

    /// <summary>Reads a record; null for an empty or unreadable file (a claim file whose writer died before writing).</summary>
    /// <param name="bytes">File content.</param>
    /// <returns>The record or null.</returns>
    public static ClaimRecord? Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(bytes) is not JsonObject o || o["slide"]?.GetValue<string>() is not { } slide)
            {
                return null;
            }

            var r = new ClaimRecord
            {
                Slide = slide,
                State = o["state"]?.GetValue<string>() ?? Waiting,
                Host = o["host"]?.GetValue<string>() ?? string.Empty,
                Pid = o["pid"]?.GetValue<int>() ?? 0,
                PidStartedUtc = WorkerJson.ParseTime(o["pid_started_utc"]),
                Instance = o["instance"]?.GetValue<string>() ?? string.Empty,
                ClaimedUtc = WorkerJson.ParseTime(o["claimed_utc"]) ?? DateTimeOffset.UnixEpoch,
                SnapshotDigest = o["snapshot_digest"]?.GetValue<string>(),
                Attempts = o["attempts"]?.GetValue<int>() ?? 0,
                NextAttemptUtc = WorkerJson.ParseTime(o["next_attempt_utc"]),
                FinishingTo = o["finishing_to"]?.GetValue<string>(),
            };
            if (o["errors"] is JsonArray errors)
            {
                foreach (var e in errors.OfType<JsonObject>())
                {
                    r.Errors.Add(new AttemptError(
                        e["attempt"]?.GetValue<int>() ?? 0,
                        WorkerJson.ParseTime(e["time_utc"]) ?? DateTimeOffset.UnixEpoch,
                        e["host"]?.GetValue<string>() ?? string.Empty,
                        e["pid"]?.GetValue<int>() ?? 0,
                        e["kind"]?.GetValue<string>() ?? "error",
                        e["message"]?.GetValue<string>() ?? string.Empty));
                }
            }

            return r;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
