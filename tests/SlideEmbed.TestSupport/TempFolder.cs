namespace SlideEmbed.TestSupport;

/// <summary>
/// A fresh, empty temporary folder for one test, deleted with everything in it on dispose:
/// <c>using var dir = new TempFolder();</c>.
/// </summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates the folder under <c>$TMPDIR/slideembed-tests</c>.</summary>
    public TempFolder()
    {
        Path = TestAssets.NewTempDir();
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The folder's path, so a <see cref="TempFolder"/> goes wherever a path string does.</summary>
    /// <param name="folder">The folder.</param>
    public static implicit operator string(TempFolder folder) => folder?.Path ?? throw new ArgumentNullException(nameof(folder));

    /// <summary>Deletes the folder and its content; a folder already gone is fine.</summary>
    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, true);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Path;
}
