using System.IO.Compression;

namespace SlideEmbed.Synthetic.Writing;

/// <summary>
/// TIFF Deflate (compression 8) tiles: one zlib stream per tile, no predictor. Uses the runtime's
/// native zlib rather than LibTiff.NET's managed port because it is several times faster.
/// </summary>
internal sealed class DeflateTileEncoder : TileEncoder
{
    private readonly MemoryStream _output = new();

    public DeflateTileEncoder(int tileSize)
        : base(tileSize)
    {
    }

    public override EncodedTile Encode(int tileSize)
    {
        _output.SetLength(0);
        using (var zlib = new ZLibStream(_output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(Pixels.AsSpan(0, tileSize * tileSize * 3));
        }

        return EncodedTile.Rent(_output.GetBuffer().AsSpan(0, (int)_output.Length));
    }

    /// <summary>Compresses arbitrary bytes (a strip of an associated image) the same way.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    public override void Dispose() => _output.Dispose();
}
