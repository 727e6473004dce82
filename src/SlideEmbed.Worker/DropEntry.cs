namespace SlideEmbed.Worker;

/// <summary>One file of a dropped item.</summary>
/// <param name="RelativePath">Path relative to the drop folder (the slide's file name, or <c>name/Data0001.dat</c> inside a MIRAX folder).</param>
/// <param name="Size">Bytes.</param>
/// <param name="WriteTicks">Last write time, UTC ticks.</param>
internal readonly record struct DropEntry(string RelativePath, long Size, long WriteTicks);
