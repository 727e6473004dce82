namespace SlideEmbed.Arrow;

/// <summary>The <c>read_status</c> column: whether a tile's pixels were read.</summary>
public enum TileReadStatus : byte
{
    /// <summary>Read and embedded.</summary>
    Ok = 0,

    /// <summary>The region could not be read; <c>read_error</c> says why and the embedding is null.</summary>
    ReadFailed = 1,
}
