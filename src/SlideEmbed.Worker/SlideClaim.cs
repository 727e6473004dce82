namespace SlideEmbed.Worker;

/// <summary>
/// A held claim on one dropped item: an open, exclusively locked claim file. While it is held no other
/// worker, in this process or another, can claim the item. The operating system drops the lock when the
/// process dies, however it dies, so a dead worker's claim is free again at once; the record inside
/// tells what the dead worker was doing. Dispose to release without changing the record.
/// </summary>
internal sealed class SlideClaim : IDisposable
{
    private readonly FileStream _stream;
    private bool _disposed;

    /// <summary>Wraps an open, locked, verified claim file.</summary>
    /// <param name="stream">The claim file, opened with <see cref="FileShare.None"/>.</param>
    /// <param name="path">Its path.</param>
    /// <param name="name">The item name.</param>
    /// <param name="previous">The record found in it, or null for a new claim.</param>
    public SlideClaim(FileStream stream, string path, string name, ClaimRecord? previous)
    {
        _stream = stream;
        FilePath = path;
        Name = name;
        Previous = previous;
    }

    /// <summary>The claim file.</summary>
    public string FilePath { get; }

    /// <summary>The item name.</summary>
    public string Name { get; }

    /// <summary>The record the claim file held when it was claimed, or null.</summary>
    public ClaimRecord? Previous { get; }

    /// <summary>Replaces the record, durably.</summary>
    /// <param name="record">The new record.</param>
    public void Write(ClaimRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var bytes = WorkerJson.Bytes(record.ToJson());
        _stream.SetLength(0);
        _stream.Position = 0;
        _stream.Write(bytes);
        _stream.Flush(flushToDisk: true);
    }

    /// <summary>Writes the record and releases the claim; the item stays for a later attempt.</summary>
    /// <param name="record">The record to leave.</param>
    public void Release(ClaimRecord record)
    {
        Write(record);
        Dispose();
    }

    /// <summary>Deletes the claim file and releases it: the item has left the drop folder or is settled.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Deleted while still locked: a worker that opened the file just before cannot lock it until after
        // the deletion, and then finds that the path no longer leads to its file (see ClaimStore).
        File.Delete(FilePath);
        Dispose();
    }

    /// <summary>Releases the lock, leaving the record as it is.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stream.Dispose();
    }
}
