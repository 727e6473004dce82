using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SlideEmbed.Output;

/// <summary>
/// Temporary files of atomic writes, named after their writer so that a cleaner can tell a write in
/// progress from one a dead process left:
/// <c>.&lt;prefix&gt;~&lt;hash&gt;.&lt;host&gt;.&lt;pid&gt;.&lt;start&gt;.&lt;random&gt;.partial</c>, where
/// <c>prefix</c> is the target's file name cut to at most <see cref="MaxPrefixBytes"/> UTF-8 bytes (so the
/// name stays recognisable), <c>hash</c> 16 hex digits of the SHA-256 of the whole target name, <c>host</c>
/// the writer's <see cref="WriterIdentity.SafeHostName"/>, <c>pid</c> its process id, <c>start</c> its
/// process start time in Unix seconds (0 when unknown) and <c>random</c> 8 hex digits.
/// </summary>
/// <remarks>
/// <para>
/// A temporary name is at most 232 bytes whatever the target's length, under the 255-byte limit of a
/// file name on Linux file systems, so any target name that fits there can be written.
/// </para>
/// <para>
/// The rule of <see cref="RemoveStale"/>: a file of this host is removed when no process with its pid
/// runs, or one runs that started at another time (the pid was reused); a file of another host is never
/// removed, since that host's processes cannot be seen from here, unless it has not been written to for
/// <see cref="ForeignMaxAge"/>. Files of the earlier form <c>.&lt;name&gt;.&lt;pid&gt;.&lt;guid&gt;.partial</c>
/// are judged by their pid alone, as this host's. Thread-safe.
/// </para>
/// </remarks>
public static class PartialFiles
{
    /// <summary>Most UTF-8 bytes of the target name kept at the start of a temporary name.</summary>
    public const int MaxPrefixBytes = 100;

    /// <summary>How long a temporary file of another host (or of a form not understood) must have gone unwritten before a cleaner removes it: 7 days.</summary>
    public static readonly TimeSpan ForeignMaxAge = TimeSpan.FromDays(7);

    private const char HashSeparator = '~';

    /// <summary>The temporary name for a target written by this process.</summary>
    /// <param name="target">Full target path.</param>
    /// <returns>The temporary path beside it.</returns>
    public static string TempPathFor(string target) => TempPathFor(target, WriterIdentity.Current);

    /// <summary>The temporary name for a target written by <paramref name="writer"/>.</summary>
    /// <param name="target">Full target path.</param>
    /// <param name="writer">The writing process; its host must be a <see cref="WriterIdentity.SafeHostName"/>-style name.</param>
    /// <returns>The temporary path beside the target.</returns>
    /// <exception cref="ArgumentException">The writer's host has characters outside <c>[A-Za-z0-9_-]</c>.</exception>
    public static string TempPathFor(string target, WriterIdentity writer)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(writer);
        if (!IsSafeHost(writer.Host))
        {
            throw new ArgumentException($"Host '{writer.Host}' is not a safe host name.", nameof(writer));
        }

        var dir = Path.GetDirectoryName(target)!;
        var name = Path.GetFileName(target);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 8));
        var start = writer.ProcessStartedUtc?.ToUnixTimeSeconds() ?? 0;
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return Path.Combine(dir, string.Create(CultureInfo.InvariantCulture,
            $".{Prefix(name)}{HashSeparator}{hash}.{writer.Host}.{writer.Pid}.{start}.{random}{AtomicFile.PartialSuffix}"));
    }

    /// <summary>Reads the writer out of a temporary file's name.</summary>
    /// <param name="fileName">The file name (no folder).</param>
    /// <param name="writer">The writer; its start time is null when the name records none, and its host is this host's for names of the earlier form.</param>
    /// <returns>False when the name is not a temporary name this class understands.</returns>
    public static bool TryParseWriter(string fileName, out WriterIdentity? writer)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        writer = null;
        if (!fileName.StartsWith('.') || !fileName.EndsWith(AtomicFile.PartialSuffix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = fileName[..^AtomicFile.PartialSuffix.Length].Split('.');

        // "", prefix~hash (may hold dots), host, pid, start, random
        if (parts.Length >= 6 && parts[^5].Contains(HashSeparator, StringComparison.Ordinal) && IsSafeHost(parts[^4])
            && TryDigits(parts[^3], out var pid) && long.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && parts[^1].Length == 8 && IsHex(parts[^1]))
        {
            writer = new WriterIdentity(parts[^4], pid, start == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(start));
            return true;
        }

        // The earlier form: "", name parts..., pid, guid
        if (parts.Length >= 4 && TryDigits(parts[^2], out var legacyPid) && parts[^1].Length == 32 && IsHex(parts[^1]))
        {
            writer = new WriterIdentity(WriterIdentity.SafeHostName, legacyPid, null);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Deletes the temporary files in <paramref name="dir"/> (not recursive) that no live writer can own,
    /// by the rule in the remarks of <see cref="PartialFiles"/>.
    /// </summary>
    /// <param name="dir">Folder to clean.</param>
    /// <returns>Number of files removed.</returns>
    public static int RemoveStale(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return 0;
        }

        var removed = 0;
        var now = DateTime.UtcNow;
        foreach (var file in Directory.EnumerateFiles(dir, "." + "*" + AtomicFile.PartialSuffix))
        {
            if (!IsStale(file, now))
            {
                continue;
            }

            try
            {
                File.Delete(file);
                removed++;
            }
            catch (IOException)
            {
                // Another cleaner got there first, or the file is in use: leave it.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to remove.
            }
        }

        return removed;
    }

    private static bool IsStale(string file, DateTime now)
    {
        if (TryParseWriter(Path.GetFileName(file), out var writer) && writer!.IsThisHost)
        {
            return !writer.MayBeAlive();
        }

        // Another host's, or a name not understood: only when long untouched.
        try
        {
            return now - File.GetLastWriteTimeUtc(file) > ForeignMaxAge;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Prefix(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxPrefixBytes)
        {
            return name;
        }

        // Whole characters (a surrogate pair counts as one) up to the byte limit.
        var bytes = 0;
        var end = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > MaxPrefixBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return name[..end];
    }

    private static bool IsSafeHost(string host) =>
        host.Length is > 0 and <= 64 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static bool TryDigits(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigitLower);
}
