using System.IO.MemoryMappedFiles;

namespace SlideEmbed.Safetensors;

/// <summary>
/// A read-only safetensors file: an 8-byte little-endian header length, a JSON header
/// <c>{name: {dtype, shape, data_offsets}}</c> with an optional <c>__metadata__</c> map of strings, then the
/// raw little-endian tensor data. The header is validated completely when the file is opened (known dtypes,
/// sizes that match the shapes, offsets inside the data section, no overlaps or holes), so a later read
/// cannot run off the data.
/// </summary>
/// <remarks>
/// <see cref="Open(string)"/> memory-maps the file (tensor bytes are paged in on demand and never copied
/// until converted); <see cref="FromBytes(byte[], string?)"/> and <see cref="Read(Stream, string?)"/> work
/// from memory. Reads are thread-safe; <see cref="Dispose"/> must not race a read.
/// </remarks>
public sealed partial class SafetensorsFile : IDisposable
{
    /// <summary>Largest header accepted, in bytes (the limit of the reference implementation).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private readonly Dictionary<string, SafetensorsTensorInfo> _tensors;
    private readonly byte[]? _bytes;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly long _dataStart;
    private unsafe byte* _pointer;
    private bool _disposed;

    private unsafe SafetensorsFile(string source, byte[]? bytes, MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* pointer, long length)
    {
        Source = source;
        _bytes = bytes;
        _map = map;
        _view = view;
        _pointer = pointer;
        var header = ParseHeader(source, HeadSpan(length), length);
        _tensors = header.Tensors;
        Metadata = header.Metadata;
        _dataStart = header.DataStart;
        Tensors = header.Ordered;
    }

    /// <summary>Where the data came from: the file path, or the name given for in-memory data.</summary>
    public string Source { get; }

    /// <summary>The tensors in data order (ascending offsets).</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The optional <c>__metadata__</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Memory-maps a safetensors file and validates its header.</summary>
    /// <param name="path">Path of the <c>.safetensors</c> file; symbolic links (and chains of them, relative or
    /// absolute, as in a Hugging Face cache) are followed to the file they name.</param>
    /// <returns>The open file; dispose it to unmap.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist, or <paramref name="path"/> is a symbolic
    /// link whose target does not (the message names both).</exception>
    /// <exception cref="SafetensorsFormatException">The file is not a valid safetensors file.</exception>
    public static unsafe SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        // The length is taken from the opened file, never from the path: a symbolic link's own length is that
        // of its target's name.
        var stream = OpenTarget(path);
        MemoryMappedFile map;
        long length;
        try
        {
            length = stream.Length;
            if (length < 8)
            {
                throw new SafetensorsFormatException($"{path}: {length} bytes is too short for a safetensors file (8-byte header length missing).");
            }

            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        MemoryMappedViewAccessor? view = null;
        var acquired = false;
        try
        {
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            acquired = true;
            pointer += view.PointerOffset;
            return new SafetensorsFile(path, null, map, view, pointer, length);
        }
        catch
        {
            if (acquired)
            {
                view!.SafeMemoryMappedViewHandle.ReleasePointer();
            }

            view?.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>Reads a safetensors file held in memory; the array is used as is, not copied.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="source">A name for error messages.</param>
    /// <returns>The parsed file.</returns>
    /// <exception cref="SafetensorsFormatException">The bytes are not a valid safetensors file.</exception>
    public static unsafe SafetensorsFile FromBytes(byte[] bytes, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        source ??= "<memory>";
        if (bytes.Length < 8)
        {
            throw new SafetensorsFormatException($"{source}: {bytes.Length} bytes is too short for a safetensors file (8-byte header length missing).");
        }

        return new SafetensorsFile(source, bytes, null, null, null, bytes.Length);
    }

    /// <summary>Reads a whole safetensors stream into memory (streams need not be seekable) and parses it.</summary>
    /// <param name="stream">The stream, read to its end; not disposed.</param>
    /// <param name="source">A name for error messages.</param>
    /// <returns>The parsed file.</returns>
    /// <exception cref="SafetensorsFormatException">The data is not a valid safetensors file.</exception>
    public static SafetensorsFile Read(Stream stream, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return FromBytes(buffer.ToArray(), source ?? "<stream>");
    }

    /// <summary>Whether the file has a tensor with this name.</summary>
    /// <param name="name">Tensor name.</param>
    /// <returns>True when present.</returns>
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>The header entry of a tensor.</summary>
    /// <param name="name">Tensor name.</param>
    /// <returns>Its dtype, shape and offsets.</returns>
    /// <exception cref="KeyNotFoundException">No tensor has this name; the message lists a few that exist.</exception>
    public SafetensorsTensorInfo Info(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_tensors.TryGetValue(name, out var info))
        {
            return info;
        }

        var some = string.Join(", ", Tensors.Take(5).Select(t => t.Name));
        throw new KeyNotFoundException($"{Source}: no tensor '{name}' (the file has {Tensors.Count} tensors{(Tensors.Count > 0 ? ": " + some + (Tensors.Count > 5 ? ", ..." : string.Empty) : string.Empty)}).");
    }

    /// <summary>The raw little-endian bytes of a tensor. The span is valid until the file is disposed.</summary>
    /// <param name="name">Tensor name.</param>
    /// <returns>The tensor's bytes.</returns>
    /// <exception cref="NotSupportedException">The tensor is larger than 2 GB.</exception>
    public ReadOnlySpan<byte> RawData(string name) => Data(Info(name));

    /// <inheritdoc />
    public unsafe void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _pointer = null;
            _view.Dispose();
        }

        _map?.Dispose();
    }

    private unsafe ReadOnlySpan<byte> Data(SafetensorsTensorInfo info)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (info.ByteLength > int.MaxValue)
        {
            throw new NotSupportedException($"{Source}: tensor '{info.Name}' has {info.ByteLength} bytes; tensors over 2 GB cannot be read into one array.");
        }

        var start = _dataStart + info.DataStart;
        var length = (int)info.ByteLength;
        return _bytes is not null
            ? _bytes.AsSpan(checked((int)start), length)
            : new ReadOnlySpan<byte>(_pointer + start, length);
    }

    private static FileStream OpenTarget(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.None);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException && new FileInfo(path).LinkTarget is { } target)
        {
            var final = FinalTarget(path) ?? target;
            throw new FileNotFoundException($"{path} is a symbolic link to {final}, which does not exist.", path, e);
        }
    }

    private static string? FinalTarget(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private unsafe ReadOnlySpan<byte> HeadSpan(long length)
    {
        // Only the header is looked at while parsing; never more than the limit plus the length prefix.
        var visible = (int)Math.Min(length, 8 + MaxHeaderBytes);
        return _bytes is not null ? _bytes.AsSpan(0, visible) : new ReadOnlySpan<byte>(_pointer, visible);
    }
}
