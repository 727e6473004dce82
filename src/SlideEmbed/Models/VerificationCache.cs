using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SlideEmbed.Output;

namespace SlideEmbed.Models;

/// <summary>
/// Remembers which model files passed their parity check, keyed by the SHA-256 of the file's bytes (the
/// <c>.onnx</c> file and its external-data file) and of the check, so a file is verified once, and a
/// changed file or check is verified again. Entries are small files in one folder, written atomically;
/// file digests are memoised by path, length and modification time so large files are hashed once.
/// </summary>
/// <remarks>Safe to share between processes: every entry is written whole or not at all.</remarks>
public sealed class VerificationCache
{
    private readonly string _directory;

    /// <summary>Creates a cache in <paramref name="directory"/> (created on first write).</summary>
    /// <param name="directory">The folder.</param>
    public VerificationCache(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        _directory = Path.GetFullPath(directory);
    }

    /// <summary>The cache folder.</summary>
    public string Directory => _directory;

    /// <summary>The default cache: <c>~/.cache/slideembed/verified</c>.</summary>
    /// <returns>The cache.</returns>
    public static VerificationCache Default() =>
        new(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "slideembed", "verified"));

    /// <summary>The key of a model file checked against <paramref name="check"/>.</summary>
    /// <param name="modelPath">The ONNX file (its <c>.data</c> file, when present, is included).</param>
    /// <param name="check">The check.</param>
    /// <returns>Lower-case hex SHA-256.</returns>
    public string Key(string modelPath, ParityCheck check)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(check);
        var text = new StringBuilder();
        text.Append(FileDigest(modelPath));
        var data = modelPath + ".data";
        if (File.Exists(data))
        {
            text.Append('+').Append(FileDigest(data));
        }

        text.Append('|').Append(check.Input).Append('|').Append(check.Norm.ToString("R", CultureInfo.InvariantCulture));
        text.Append('|').Append(check.Tolerance.ToString("R", CultureInfo.InvariantCulture));
        foreach (var v in check.Values)
        {
            text.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Whether <paramref name="key"/> passed before.</summary>
    /// <param name="key">From <see cref="Key"/>.</param>
    /// <returns>True when a pass is recorded.</returns>
    public bool IsVerified(string key) => File.Exists(EntryPath(key));

    /// <summary>Records a pass.</summary>
    /// <param name="key">From <see cref="Key"/>.</param>
    /// <param name="modelPath">The file, recorded for people reading the folder.</param>
    /// <param name="result">The outcome, recorded likewise.</param>
    public void MarkVerified(string key, string modelPath, ParityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = $"{Path.GetFullPath(modelPath)}\n{result.Describe()}\n";
        AtomicFile.Write(EntryPath(key), s => s.Write(Encoding.UTF8.GetBytes(line)));
    }

    private string EntryPath(string key) => Path.Combine(_directory, key + ".ok");

    private string FileDigest(string path)
    {
        var info = new FileInfo(path);
        var stat = $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
        var memo = Path.Combine(_directory, "digest-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stat))));
        if (File.Exists(memo))
        {
            var known = File.ReadAllText(memo).Trim();
            if (known.Length == 64)
            {
                return known;
            }
        }

        string digest;
        using (var stream = File.OpenRead(path))
        {
            digest = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        AtomicFile.Write(memo, s => s.Write(Encoding.UTF8.GetBytes(digest)));
        return digest;
    }
}
