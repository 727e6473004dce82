using System.Security.Cryptography;
using System.Text;

namespace SlideEmbed.Slides;

/// <summary>
/// Gives every slide a short id that is safe as a file name and never takes another slide's outputs.
/// <list type="number">
/// <item>The base id is the file name without extension, with characters outside <c>[A-Za-z0-9._-]</c>
/// replaced by <c>_</c> and no leading dot. When that replaced anything, <c>-</c> and the first 8 hex
/// digits of the SHA-256 of the original name (UTF-8) are appended, so near-collisions such as
/// <c>Patient-Müller</c> and <c>Patient-Möller</c> get different ids on every run.</item>
/// <item>A slide whose base id is already used in the output folder by another slide (the outputs'
/// provenance names another path and other content), or shared with another slide of the same run that
/// does not own it, gets <c>-</c> and the first 8 hex digits of the SHA-256 of its full path appended.
/// A slide that owns its base id in the folder keeps it.</item>
/// </list>
/// Ids are stable across runs for the same folder and never contain a path separator.
/// </summary>
public static class SlideIds
{
    /// <summary>Assigns ids to the given slide paths.</summary>
    /// <param name="paths">Slide paths (files, or the <c>.mrxs</c> of a MIRAX slide).</param>
    /// <param name="owner">
    /// For a base id and a full path: <c>true</c> when that id's outputs in the output folder belong to this
    /// slide, <c>false</c> when they belong to another slide, null when there are none. Null: no folder.
    /// </param>
    /// <returns>Full path to id.</returns>
    public static IReadOnlyDictionary<string, string> Assign(IEnumerable<string> paths, Func<string, string, bool?>? owner = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var full = paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
        var byBase = full.GroupBy(BaseId, StringComparer.OrdinalIgnoreCase);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in byBase)
        {
            var members = group.ToList();
            var owners = members.Select(p => owner?.Invoke(group.Key, p)).ToList();
            var keeper = owners.IndexOf(true);
            for (var i = 0; i < members.Count; i++)
            {
                var alone = members.Count == 1 && owners[i] is not false;
                result[members[i]] = i == keeper || alone ? group.Key : $"{group.Key}-{ShortHash(members[i])}";
            }
        }

        return result;
    }

    /// <summary>The base id of a slide (before collision handling).</summary>
    /// <param name="path">Slide path.</param>
    /// <returns>The id.</returns>
    public static string BaseId(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        var safe = Sanitize(stem);
        return safe == stem ? safe : $"{safe}-{ShortHash(stem)}";
    }

    internal static string Sanitize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        while (sb.Length > 0 && sb[0] == '.')
        {
            sb[0] = '_';
        }

        // Ids are file stems: keep them well under the 255-byte name limit with the longest suffix.
        if (sb.Length > 160)
        {
            sb.Length = 160;
        }

        return sb.Length == 0 ? "slide" : sb.ToString();
    }

    private static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
}
