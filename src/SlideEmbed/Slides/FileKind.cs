namespace SlideEmbed.Slides;

/// <summary>What a path names, after following symbolic links.</summary>
public enum FileKind
{
    /// <summary>Nothing: the path, or the end of its link chain, does not exist.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A FIFO, socket or device: never a slide (reading it can block forever or never end).</summary>
    Special,

    /// <summary>A symbolic link chain that loops or is too long.</summary>
    LinkLoop,

    /// <summary>A symbolic link whose target does not exist.</summary>
    DanglingLink,
}
