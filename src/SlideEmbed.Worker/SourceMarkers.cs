using System.Text.Json;
using System.Text.Json.Nodes;

namespace SlideEmbed.Worker;

/// <summary>
/// The <c>&lt;name&gt;.done</c> and <c>&lt;name&gt;.failed</c> JSON markers of marker mode: written beside the
/// source, atomically, they record the digest of the item they settle, so a replaced or rewritten
/// slide (different sizes or times) is processed again.
/// </summary>
internal static class SourceMarkers
{
    /// <summary>Suffix of the marker of a finished slide.</summary>
    public const string DoneSuffix = ".done";

    /// <summary>Suffix of the marker of a slide given up on.</summary>
    public const string FailedSuffix = ".failed";

    /// <summary>Whether a marker settles the item as it is now.</summary>
    /// <param name="item">The item.</param>
    /// <returns>True when a done or failed marker carries the item's current digest.</returns>
    public static bool Settles(DropItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return DigestIn(item.Path + DoneSuffix) == item.Snapshot.Digest || DigestIn(item.Path + FailedSuffix) == item.Snapshot.Digest;
    }

    /// <summary>Writes a marker.</summary>
    /// <param name="item">The item it settles.</param>
    /// <param name="suffix"><see cref="DoneSuffix"/> or <see cref="FailedSuffix"/>.</param>
    /// <param name="content">What to record besides the digest.</param>
    public static void Write(DropItem item, string suffix, JsonObject content)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(content);
        content["snapshot_digest"] = item.Snapshot.Digest;
        WorkerJson.WriteAtomic(item.Path + suffix, content);
        // A done marker replaces an older failed one and the other way round.
        var other = item.Path + (suffix == DoneSuffix ? FailedSuffix : DoneSuffix);
        if (File.Exists(other))
        {
            File.Delete(other);
        }
    }

    private static string? DigestIn(string marker)
    {
        try
        {
            if (!File.Exists(marker))
            {
                return null;
            }

            using var doc = JsonDocument.Parse(File.ReadAllBytes(marker));
            return doc.RootElement.TryGetProperty("snapshot_digest", out var d) ? d.GetString() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
