using BitMiracle.LibTiff.Classic;

namespace SlideEmbed.Synthetic.Writing;

/// <summary>
/// A write-only <see cref="TiffStream"/> that keeps no file: it tracks position and length so LibTiff.NET
/// can seek, and records only the bytes written between <see cref="BeginCapture"/> and
/// <see cref="EndCapture"/>. Used to run LibTiff.NET's JPEG codec on one tile and take the coded bytes.
/// </summary>
internal sealed class CaptureTiffStream : TiffStream
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _captured;
    private bool _capturing;
    private long _position;
    private long _length;

    public void BeginCapture()
    {
        _captured = 0;
        _capturing = true;
    }

    public ReadOnlySpan<byte> EndCapture()
    {
        _capturing = false;
        return _buffer.AsSpan(0, _captured);
    }

    public override int Read(object clientData, byte[] buffer, int offset, int count) => 0;

    public override void Write(object clientData, byte[] buffer, int offset, int count)
    {
        if (_capturing)
        {
            if (_captured + count > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _captured + count));
            }

            Buffer.BlockCopy(buffer, offset, _buffer, _captured, count);
            _captured += count;
        }

        _position += count;
        _length = Math.Max(_length, _position);
    }

    public override long Seek(object clientData, long offset, SeekOrigin origin)
    {
        if (offset == -1)
        {
            // LibTiff.NET's convention for "seek failed"; mirror the base class.
            return -1;
        }

        _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Close(object clientData)
    {
    }

    public override long Size(object clientData) => _length;
}
