namespace SlideEmbed.Worker;

/// <summary>Something dropped into the drop folder: a file, or a MIRAX slide (its <c>.mrxs</c> and data folder).</summary>
/// <param name="Name">The file name in the drop folder (the <c>.mrxs</c> for MIRAX); unique within the folder.</param>
/// <param name="Path">Full path of that file.</param>
/// <param name="DataFolder">For MIRAX, the full path of the data folder beside the <c>.mrxs</c> (it may not exist yet); otherwise null.</param>
/// <param name="Snapshot">Sizes and modification times when it was looked at.</param>
internal sealed record DropItem(string Name, string Path, string? DataFolder, DropSnapshot Snapshot)
{
    /// <summary>Whether this is a MIRAX slide.</summary>
    public bool IsMirax => DataFolder is not null;
}
