using System.Buffers;

namespace SlideEmbed.OpenSlide.Direct;

/// <summary>
/// Least-recently-used cache of decoded RGB tiles, bounded in bytes, shared by the reading threads.
/// Pixel buffers come from <see cref="ArrayPool{T}"/> and go back to it once evicted and no reader holds
/// them, so steady-state reading allocates nothing.
/// </summary>
internal sealed class DecodedTileCache
{
    private readonly object _gate = new();
    private readonly Dictionary<(int Level, int Tile), Entry> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly long _capacityBytes;
    private long _bytes;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="capacityBytes">Bytes of pixels kept; a tile larger than this is still served, then dropped.</param>
    public DecodedTileCache(long capacityBytes) => _capacityBytes = capacityBytes;

    /// <summary>The held tile if cached (the caller must <see cref="Release"/> it), else null.</summary>
    /// <param name="level">Slide level.</param>
    /// <param name="tile">Tile number within the level.</param>
    /// <returns>The entry or null.</returns>
    public Entry? Acquire(int level, int tile)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue((level, tile), out var entry))
            {
                return null;
            }

            entry.Holders++;
            _recency.Remove(entry.Node);
            _recency.AddFirst(entry.Node);
            return entry;
        }
    }

    /// <summary>A pixel buffer of at least <paramref name="length"/> bytes to decode into.</summary>
    /// <param name="length">Bytes needed.</param>
    /// <returns>A pooled array; give it to <see cref="Add"/> or <see cref="Discard"/>.</returns>
    public static byte[] Rent(int length) => ArrayPool<byte>.Shared.Rent(length);

    /// <summary>Returns an unused buffer from <see cref="Rent"/>.</summary>
    /// <param name="pixels">The buffer.</param>
    public static void Discard(byte[] pixels) => ArrayPool<byte>.Shared.Return(pixels);

    /// <summary>Adds a decoded tile and holds it for the caller; if another thread added it first, that entry is returned and <paramref name="pixels"/> goes back to the pool.</summary>
    /// <param name="level">Slide level.</param>
    /// <param name="tile">Tile number.</param>
    /// <param name="pixels">Decoded pixels from <see cref="Rent"/>.</param>
    /// <param name="length">Bytes of <paramref name="pixels"/> in use.</param>
    /// <returns>The held entry.</returns>
    public Entry Add(int level, int tile, byte[] pixels, int length)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((level, tile), out var existing))
            {
                ArrayPool<byte>.Shared.Return(pixels);
                existing.Holders++;
                return existing;
            }

            var entry = new Entry(level, tile, pixels, length) { Holders = 1 };
            entry.Node = _recency.AddFirst(entry);
            _entries.Add((level, tile), entry);
            _bytes += length;
            while (_bytes > _capacityBytes && _recency.Last is { } last)
            {
                Evict(last.Value);
            }

            return entry;
        }
    }

    /// <summary>Ends a hold from <see cref="Acquire"/> or <see cref="Add"/>.</summary>
    /// <param name="entry">The entry.</param>
    public void Release(Entry entry)
    {
        lock (_gate)
        {
            entry.Holders--;
            if (entry.Evicted && entry.Holders == 0)
            {
                ArrayPool<byte>.Shared.Return(entry.Pixels);
            }
        }
    }

    private void Evict(Entry entry)
    {
        _recency.Remove(entry.Node);
        _entries.Remove((entry.Level, entry.Tile));
        _bytes -= entry.Length;
        entry.Evicted = true;
        if (entry.Holders == 0)
        {
            ArrayPool<byte>.Shared.Return(entry.Pixels);
        }
    }

    /// <summary>One decoded tile: <c>TileWidth x TileHeight</c> RGB, rows packed.</summary>
    internal sealed class Entry(int level, int tile, byte[] pixels, int length)
    {
        public int Level { get; } = level;

        public int Tile { get; } = tile;

        public byte[] Pixels { get; } = pixels;

        public int Length { get; } = length;

        public int Holders { get; set; }

        public bool Evicted { get; set; }

        public LinkedListNode<Entry> Node { get; set; } = null!;
    }
}
