namespace SlideEmbed.Output;

/// <summary>
/// A file written through a temporary name beside the target and renamed over it on
/// <see cref="Commit"/>; disposing without committing deletes the temporary file, so no reader ever
/// sees a partial file under the target name. See <see cref="AtomicFile"/> for the naming.
/// </summary>
public sealed class AtomicFileWriter : IDisposable
{
    private readonly FileStream _stream;
    private bool _done;

    /// <summary>Opens a temporary file for <paramref name="path"/>; its folder is created when missing.</summary>
    /// <param name="path">The target path.</param>
    public AtomicFileWriter(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        TargetPath = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(TargetPath)!;
        Directory.CreateDirectory(dir);
        TempPath = PartialFiles.TempPathFor(TargetPath);
        _stream = new FileStream(TempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
    }

    /// <summary>The final path.</summary>
    public string TargetPath { get; }

    /// <summary>The temporary path being written.</summary>
    public string TempPath { get; }

    /// <summary>The stream to write the content to.</summary>
    public Stream Stream => _stream;

    /// <summary>Flushes the content to disk and renames it over the target.</summary>
    /// <remarks>When the flush or the rename fails (disk full, I/O error), the temporary file is deleted
    /// before the exception leaves, and the writer is done.</remarks>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        try
        {
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(TempPath, TargetPath, overwrite: true);
            _done = true;
        }
        catch
        {
            Abort();
            throw;
        }
    }

    /// <summary>Deletes the temporary file unless <see cref="Commit"/> ran; never throws.</summary>
    public void Dispose()
    {
        if (!_done)
        {
            Abort();
        }
    }

    private void Abort()
    {
        _done = true;
        try
        {
            // Closing writes out what is still buffered, which fails again on a full disk; the handle is
            // released all the same, and the file goes either way.
            _stream.Dispose();
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        try
        {
            File.Delete(TempPath);
        }
        catch (IOException)
        {
            // A leftover *.partial file is recognisable and never mistaken for output.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
