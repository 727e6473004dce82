using System.Buffers;

namespace SlideEmbed.Synthetic.Writing;

/// <summary>Compressed bytes of one tile; <see cref="Pooled"/> buffers go back to <see cref="ArrayPool{T}.Shared"/> after writing.</summary>
internal readonly record struct EncodedTile(byte[] Buffer, int Length, bool Pooled)
{
    public static EncodedTile Rent(ReadOnlySpan<byte> bytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, bytes.Length));
        bytes.CopyTo(buffer);
        return new EncodedTile(buffer, bytes.Length, true);
    }

    public static EncodedTile Shared(byte[] bytes) => new(bytes, bytes.Length, false);

    public void Release()
    {
        if (Pooled)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
        }
    }
}
