using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SlideEmbed.Slides;

namespace SlideEmbed.Pipeline;

/// <summary>What a run report records about the slide list and the shard of it that the run embedded.</summary>
public sealed partial class RunReport
{
    /// <summary>File name prefix of every run report in a model folder.</summary>
    public const string FilePrefix = "run-report";

    /// <summary>The shard this run embedded, or null for the whole list.</summary>
    public SlideShard? Shard { get; set; }

    /// <summary>
    /// The run's whole slide list (full paths), before sharding: every shard records the same list, so
    /// <c>slideembed report</c> can tell which slides have no outputs.
    /// </summary>
    public IReadOnlyList<string> SlideList { get; set; } = [];

    /// <summary>The report's file name: <c>run-report.json</c>, or <c>run-report.K-of-N.json</c> for a shard.</summary>
    /// <param name="shard">The shard, or null.</param>
    /// <returns>The file name.</returns>
    public static string FileName(SlideShard? shard) =>
        shard is { } s ? $"{FilePrefix}.{s.Tag}.json" : $"{FilePrefix}.json";

    /// <summary>Lower-case hex SHA-256 of a slide list, independent of its order (paths sorted ordinally, one per line).</summary>
    /// <param name="paths">Full paths.</param>
    /// <returns>The digest.</returns>
    public static string ListDigest(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var text = string.Join('\n', paths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private JsonObject? ShardJson() =>
        Shard is { } s ? new JsonObject { ["index"] = s.Index, ["count"] = s.Count } : null;

    private JsonArray SlideListJson() => new(SlideList.Select(p => (JsonNode)p).ToArray());
}
