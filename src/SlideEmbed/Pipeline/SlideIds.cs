using System.Security.Cryptography;
using System.Text;

namespace SlideEmbed.Pipeline;

/// <summary>
/// Gives every slide of a run a short id that is safe as a file name: the file name without
/// extension, with characters outside <c>[A-Za-z0-9._-]</c> replaced by <c>_</c> and no leading dot.
/// When two slides of the run share that name (same file name in different folders), each gets
/// <c>-</c> and the first 8 hex digits of the SHA-256 of its full path appended, so ids stay unique and
/// stable across runs. Ids never contain a path separator, so outputs cannot escape the output folder.
/// </summary>
public static class SlideIds
{
    /// <summary>Assigns ids to the given slide paths.</summary>
    /// <param name="paths">Slide paths (files, or the <c>.mrxs</c> of a MIRAX slide).</param>
    /// <returns>Full path to id.</returns>
    public static IReadOnlyDictionary<string, string> Assign(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var full = paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
        var byStem = full.GroupBy(p => Sanitize(Path.GetFileNameWithoutExtension(p)), StringComparer.OrdinalIgnoreCase);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in byStem)
        {
            var many = group.Count() > 1;
            foreach (var path in group)
            {
                result[path] = many ? $"{group.Key}-{ShortHash(path)}" : group.Key;
            }
        }

        return result;
    }

    /// <summary>The id of a single slide (no collision handling).</summary>
    /// <param name="path">Slide path.</param>
    /// <returns>The id.</returns>
    public static string ForSingle(string path) => Sanitize(Path.GetFileNameWithoutExtension(path));

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

        return sb.Length == 0 ? "slide" : sb.ToString();
    }

    private static string ShortHash(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..8];
}
