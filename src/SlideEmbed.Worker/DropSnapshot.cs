using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SlideEmbed.Worker;

/// <summary>
/// The size and modification time of every file of a dropped item at one moment (the slide file, and
/// for MIRAX every file of its data folder), with a digest that changes whenever any of them does.
/// Two equal snapshots taken a quiet period apart mean nobody wrote to the item in between.
/// </summary>
internal sealed class DropSnapshot : IEquatable<DropSnapshot>
{
    /// <summary>Creates a snapshot.</summary>
    /// <param name="entries">One entry per file; any order.</param>
    public DropSnapshot(IEnumerable<DropEntry> entries)
    {
        Entries = entries.OrderBy(e => e.RelativePath, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        foreach (var e in Entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{e.RelativePath}\0{e.Size}\0{e.WriteTicks}\n");
        }

        Digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
        TotalBytes = Entries.Sum(e => e.Size);
    }

    /// <summary>The files, sorted by relative path.</summary>
    public IReadOnlyList<DropEntry> Entries { get; }

    /// <summary>A digest of every entry (128 bits, hex).</summary>
    public string Digest { get; }

    /// <summary>Bytes in all files.</summary>
    public long TotalBytes { get; }

    /// <inheritdoc />
    public bool Equals(DropSnapshot? other) => other is not null && other.Digest == Digest;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DropSnapshot);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Digest);
}
