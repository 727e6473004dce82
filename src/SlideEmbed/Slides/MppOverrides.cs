using System.Globalization;
using SlideEmbed.Geometry;

namespace SlideEmbed.Slides;

/// <summary>
/// User-supplied microns-per-pixel values: one value for every slide of a run, and/or a CSV of
/// <c>slide,mpp</c> rows.
/// </summary>
/// <remarks>
/// A CSV row matches a slide by its full path, else by its file name, else by its file name without
/// extension (so <c>TCGA-XX.svs</c>, <c>TCGA-XX</c> and <c>/data/TCGA-XX.svs</c> all work). A CSV row wins
/// over the single value. A header row (any row whose mpp is not a number, first line only) is skipped.
/// Immutable and thread-safe.
/// </remarks>
public sealed class MppOverrides
{
    private readonly Dictionary<string, MppOverride> _byPath;
    private readonly Dictionary<string, MppOverride> _byName;
    private readonly Dictionary<string, MppOverride> _byStem;

    private MppOverrides(MppOverride? all, MppOverrideMode mode, Dictionary<string, MppOverride> byPath, Dictionary<string, MppOverride> byName, Dictionary<string, MppOverride> byStem)
    {
        All = all;
        Mode = mode;
        _byPath = byPath;
        _byName = byName;
        _byStem = byStem;
    }

    /// <summary>The value for every slide, or null.</summary>
    public MppOverride? All { get; }

    /// <summary>Whether the overrides are a fallback (default) or win over the file.</summary>
    public MppOverrideMode Mode { get; }

    /// <summary>Number of CSV rows loaded.</summary>
    public int RowCount => _byPath.Count;

    /// <summary>Creates overrides from a single value and/or a CSV file.</summary>
    /// <param name="mppForAll">A value for every slide (from <c>--slide-mpp</c>), or null.</param>
    /// <param name="csvPath">A CSV of slide,mpp rows, or null.</param>
    /// <param name="mode">Fallback (default) or force.</param>
    /// <returns>The overrides.</returns>
    /// <exception cref="FormatException">The CSV has a malformed row; the message names file and line.</exception>
    /// <exception cref="FileNotFoundException">The CSV does not exist.</exception>
    public static MppOverrides Create(double? mppForAll, string? csvPath, MppOverrideMode mode = MppOverrideMode.Fallback)
    {
        MppOverride? all = null;
        if (mppForAll is { } value)
        {
            if (!double.IsFinite(value) || value <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(mppForAll), value, "--slide-mpp must be a positive number of microns per pixel.");
            }

            all = new MppOverride(MicronsPerPixel.Isotropic(value), "--slide-mpp");
        }

        var byPath = new Dictionary<string, MppOverride>(StringComparer.Ordinal);
        var byName = new Dictionary<string, MppOverride>(StringComparer.Ordinal);
        var byStem = new Dictionary<string, MppOverride>(StringComparer.Ordinal);
        if (csvPath is not null)
        {
            var baseDir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(csvPath)) ?? ".";
            var lineNo = 0;
            foreach (var line in File.ReadLines(csvPath))
            {
                lineNo++;
                if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
                {
                    continue;
                }

                var fields = SplitCsvLine(line);
                var origin = $"{System.IO.Path.GetFileName(csvPath)} line {lineNo}";
                if (fields.Count < 2)
                {
                    throw new FormatException($"{csvPath} line {lineNo}: expected 'slide,mpp', got '{line}'.");
                }

                if (!ResolutionResolver.TryParsePositive(fields[1].Trim(), out var mpp))
                {
                    if (lineNo == 1)
                    {
                        continue; // header
                    }

                    throw new FormatException($"{csvPath} line {lineNo}: '{fields[1]}' is not a positive number of microns per pixel.");
                }

                var slide = fields[0].Trim();
                var entry = new MppOverride(MicronsPerPixel.Isotropic(mpp), origin);
                byPath[System.IO.Path.GetFullPath(slide, baseDir)] = entry;
                byName[System.IO.Path.GetFileName(slide)] = entry;
                byStem[System.IO.Path.GetFileNameWithoutExtension(slide)] = entry;
            }
        }

        return new MppOverrides(all, mode, byPath, byName, byStem);
    }

    /// <summary>The override for a slide, or null when none applies.</summary>
    /// <param name="slidePath">The slide's path.</param>
    /// <returns>The override, or null.</returns>
    public MppOverride? Find(string slidePath)
    {
        ArgumentNullException.ThrowIfNull(slidePath);
        if (_byPath.TryGetValue(System.IO.Path.GetFullPath(slidePath), out var hit)
            || _byName.TryGetValue(System.IO.Path.GetFileName(slidePath), out hit)
            || _byStem.TryGetValue(System.IO.Path.GetFileNameWithoutExtension(slidePath), out hit))
        {
            return hit;
        }

        return All;
    }

    internal static List<string> SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RowCount} CSV rows, all={All?.Mpp.ToString() ?? "none"}, mode={Mode}");
}
