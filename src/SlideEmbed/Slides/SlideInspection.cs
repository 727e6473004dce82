using SlideEmbed.Geometry;

namespace SlideEmbed.Slides;

/// <summary>Everything a person checks about a slide before processing it, or why it could not be opened.</summary>
public sealed record SlideInspection
{
    /// <summary>Full path of the slide.</summary>
    public required string Path { get; init; }

    /// <summary>File size in bytes, or null when the file does not exist.</summary>
    public long? FileSizeBytes { get; init; }

    /// <summary>Whether the slide opened.</summary>
    public bool Opened => Error is null;

    /// <summary>The library's format name.</summary>
    public string? Vendor { get; init; }

    /// <summary>Pyramid levels.</summary>
    public IReadOnlyList<SlideLevel> Levels { get; init; } = [];

    /// <summary>The resolved level-0 resolution, or null when none was found (see <see cref="ResolutionError"/>).</summary>
    public SlideResolution? Resolution { get; init; }

    /// <summary>Why no resolution was found, naming the override to use; null when one was.</summary>
    public string? ResolutionError { get; init; }

    /// <summary>The stated objective power and the key it came from, or null.</summary>
    public (double Power, string Key)? ObjectivePower { get; init; }

    /// <summary>Associated images with their sizes.</summary>
    public IReadOnlyList<AssociatedImageInfo> AssociatedImages { get; init; } = [];

    /// <summary>All properties.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Background colour used for transparent pixels, as #RRGGBB.</summary>
    public string? BackgroundColor { get; init; }

    /// <summary>The error that stopped the slide from opening, or null.</summary>
    public SlideException? Error { get; init; }

    /// <summary>Opens and inspects a slide; never throws for a bad slide (the error is in <see cref="Error"/>).</summary>
    /// <param name="path">Path of the slide.</param>
    /// <param name="opener">The slide library.</param>
    /// <param name="overrides">User resolution overrides, or null.</param>
    /// <returns>The inspection.</returns>
    public static SlideInspection Inspect(string path, ISlideOpener opener, MppOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(opener);
        var full = System.IO.Path.GetFullPath(path);
        long? size = File.Exists(full) ? new FileInfo(full).Length : null;
        try
        {
            using var slide = opener.Open(full);
            SlideResolution? resolution = null;
            string? resolutionError = null;
            try
            {
                resolution = ResolutionResolver.Resolve(full, slide.Properties, overrides);
            }
            catch (MissingResolutionException e)
            {
                resolutionError = e.Message;
            }

            return new SlideInspection
            {
                Path = full,
                FileSizeBytes = size,
                Vendor = slide.Vendor,
                Levels = slide.Levels,
                Resolution = resolution,
                ResolutionError = resolutionError,
                ObjectivePower = ResolutionResolver.ObjectivePower(slide.Properties),
                AssociatedImages = slide.AssociatedImages,
                Properties = slide.Properties,
                BackgroundColor = slide.BackgroundColor.ToString(),
            };
        }
        catch (SlideException e)
        {
            return new SlideInspection { Path = full, FileSizeBytes = size, Error = e };
        }
    }
}
