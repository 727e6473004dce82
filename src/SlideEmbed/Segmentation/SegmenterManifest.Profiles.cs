using System.Text.Json;
using SlideEmbed.Aggregation;

namespace SlideEmbed.Segmentation;

/// <content>Profiles (named class sets a second pass keeps) and the tissue-mask gate.</content>
public sealed partial record SegmenterManifest
{
    private static readonly string[] s_profileKeys = ["keep", "drop"];
    private static readonly string[] s_gateKeys = ["mask", "min_tissue_px"];

    /// <summary>
    /// Named profiles, each the class indices kept as tissue when it is chosen (a manifest may give
    /// <c>keep</c> or <c>drop</c>; dropped classes are stored as their complement). Empty when the
    /// manifest has none.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> Profiles { get; init; } = new Dictionary<string, IReadOnlyList<int>>();

    /// <summary>The tissue-mask gate of a second-pass segmenter, or null for a first-pass (tissue) segmenter.</summary>
    public SegmenterGate? Gate { get; init; }

    /// <summary>
    /// This manifest with <see cref="Foreground"/> set to the classes every named profile keeps (their
    /// intersection: a class dropped by any profile is dropped).
    /// </summary>
    /// <param name="names">Profile names, at least one.</param>
    /// <returns>The manifest to segment with.</returns>
    /// <exception cref="ArgumentException">A name is not one of <see cref="Profiles"/>.</exception>
    public SegmenterManifest WithProfiles(IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentOutOfRangeException.ThrowIfZero(names.Count);
        IEnumerable<int> keep = Enumerable.Range(0, Classes.Count);
        foreach (var name in names)
        {
            if (!Profiles.TryGetValue(name, out var kept))
            {
                throw new ArgumentException($"Segmenter '{Name}' has no profile '{name}' (it has: {string.Join(", ", Profiles.Keys)}); add it under 'profiles' in {ManifestPath ?? "its manifest"}.", nameof(names));
            }

            keep = keep.Intersect(kept);
        }

        var foreground = keep.Order().ToArray();
        return foreground.Length == 0
            ? throw new ArgumentException($"The profiles {string.Join(" + ", names)} of segmenter '{Name}' keep no class together.", nameof(names))
            : this with { Foreground = foreground };
    }

    private static Dictionary<string, IReadOnlyList<int>> ParseProfiles(JsonElement root, int classes)
    {
        var profiles = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        if (!root.TryGetProperty("profiles", out var section) || section.ValueKind == JsonValueKind.Null)
        {
            return profiles;
        }

        foreach (var profile in section.EnumerateObject())
        {
            var where = $"profiles.{profile.Name}";
            SlideEncoderManifest.CheckKeys(profile.Value, s_profileKeys, where + ".");
            var hasKeep = profile.Value.TryGetProperty("keep", out var keep);
            var hasDrop = profile.Value.TryGetProperty("drop", out var drop);
            Require(hasKeep != hasDrop, $"{where} must give exactly one of 'keep' or 'drop'.");
            var listed = (hasKeep ? keep : drop).EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Require(listed.All(c => c >= 0 && c < classes) && listed.Distinct().Count() == listed.Length, $"{where} must list distinct class indices in [0, {classes}).");
            var kept = hasKeep ? listed : Enumerable.Range(0, classes).Except(listed).ToArray();
            Require(kept.Length >= 1 && kept.Length < classes, $"{where} must keep at least one class and drop at least one.");
            profiles[profile.Name] = kept.Order().ToArray();
        }

        return profiles;
    }

    private static SegmenterGate? ParseGate(JsonElement root)
    {
        if (!root.TryGetProperty("gate", out var gate) || gate.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        SlideEncoderManifest.CheckKeys(gate, s_gateKeys, "gate.");
        var mask = gate.GetProperty("mask").GetString();
        Require(mask == "tissue", $"gate.mask '{mask}' is not supported; the only value is 'tissue' (the first pass's mask).");
        var min = gate.GetProperty("min_tissue_px").GetInt32();
        Require(min >= 0, $"gate.min_tissue_px must be >= 0 (got {min}).");
        return new SegmenterGate(min);
    }
}
