using System.Globalization;
using SlideEmbed.Slides;

namespace SlideEmbed.Slides;

/// <summary>
/// Turns command-line arguments into slides: files, folders (sub-folders with <c>recursive</c>), globs
/// (<c>*</c> and <c>?</c> in the last path part), and CSV lists (<c>.csv</c> files with a slide path per
/// row, relative to the CSV's folder, and an optional mpp column). A MIRAX slide is its <c>.mrxs</c>; the
/// files of its data folder are not slides. Only regular files (links followed) are slides: FIFOs,
/// devices, sockets and link loops are reported as skipped, as are files that are not slides (no slide
/// extension and not recognised by the slide library). A file or folder argument that does not exist is
/// an error; a CSV row naming a missing slide is reported as skipped.
/// </summary>
public static class SlideDiscovery
{
    /// <summary>File extensions of whole-slide formats (lower case, with the dot).</summary>
    public static IReadOnlySet<string> SlideExtensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".svs", ".tif", ".tiff", ".ndpi", ".vms", ".vmu", ".scn", ".mrxs", ".bif", ".svslide", ".dcm", ".qptiff",
    };

    /// <summary>Finds the slides named by <paramref name="arguments"/>.</summary>
    /// <param name="arguments">Files, folders, globs and CSV lists.</param>
    /// <param name="recursive">Descend into sub-folders of folders.</param>
    /// <param name="opener">Used to recognise slide files with unusual extensions.</param>
    /// <returns>Slides in a stable order (as given, folders sorted) and skipped files with reasons.</returns>
    /// <exception cref="FileNotFoundException">An argument names nothing that exists, or a CSV list names only slides that do not exist.</exception>
    public static (IReadOnlyList<SlideInput> Slides, IReadOnlyList<(string Path, string Reason)> Skipped) Find(IEnumerable<string> arguments, bool recursive, ISlideOpener? opener)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var slides = new List<SlideInput>();
        var skipped = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var full = Path.GetFullPath(argument);
            var isList = full.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && File.Exists(full);
            var candidates = isList ? ReadList(full) : Expand(argument, recursive);
            var before = slides.Count;
            var missing = 0;
            var total = 0;
            foreach (var candidate in candidates)
            {
                total++;
                if (!Add(candidate, slides, skipped, seen, opener))
                {
                    missing++;
                }
            }

            if (isList && total > 0 && missing == total && slides.Count == before)
            {
                throw new FileNotFoundException($"'{argument}' lists {total} slide(s), none of which exists; check the paths (relative paths are read from the list's folder).", argument);
            }
        }

        return (slides, skipped);
    }

    /// <summary>Adds a candidate as a slide or a skipped file; false when it does not exist.</summary>
    private static bool Add(SlideInput input, List<SlideInput> slides, List<(string, string)> skipped, HashSet<string> seen, ISlideOpener? opener)
    {
        if (!seen.Add(input.Path) || IsInsideMiraxFolder(input.Path))
        {
            return true;
        }

        var kind = FileKinds.Of(input.Path);
        if (kind != FileKind.Regular)
        {
            skipped.Add((input.Path, FileKinds.NotASlideReason(kind)!));
            return kind != FileKind.Missing;
        }

        var ext = Path.GetExtension(input.Path);
        if (SlideExtensions.Contains(ext) || opener?.DetectVendor(input.Path) is not null)
        {
            slides.Add(input);
        }
        else
        {
            skipped.Add((input.Path, "not a slide file"));
        }

        return true;
    }

    private static IEnumerable<SlideInput> Expand(string argument, bool recursive)
    {
        var full = Path.GetFullPath(argument);
        if (Directory.Exists(full))
        {
            var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
            return Directory.EnumerateFiles(full, "*", option)
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal)
                .Select(f => new SlideInput(f));
        }

        if (argument.Contains('*', StringComparison.Ordinal) || argument.Contains('?', StringComparison.Ordinal))
        {
            var dir = Path.GetDirectoryName(full) ?? ".";
            var pattern = Path.GetFileName(full);
            if (!Directory.Exists(dir))
            {
                throw new FileNotFoundException($"The folder of the pattern '{argument}' does not exist.", argument);
            }

            return Directory.EnumerateFiles(dir, pattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                .Order(StringComparer.Ordinal)
                .Select(f => new SlideInput(f));
        }

        if (FileKinds.Of(full) == FileKind.Missing)
        {
            throw new FileNotFoundException($"'{argument}' does not exist.", argument);
        }

        return [new SlideInput(full)];
    }

    private static List<SlideInput> ReadList(string csv)
    {
        var baseDir = Path.GetDirectoryName(csv)!;
        var rows = new List<SlideInput>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(csv))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var fields = MppOverrides.SplitCsvLine(line);
            var path = fields[0].Trim();
            double? mpp = null;
            if (fields.Count > 1 && !string.IsNullOrWhiteSpace(fields[1]))
            {
                if (!double.TryParse(fields[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0))
                {
                    if (lineNo == 1)
                    {
                        continue; // header
                    }

                    throw new FormatException($"{csv} line {lineNo}: '{fields[1]}' is not a positive number of microns per pixel.");
                }

                mpp = value;
            }
            else if (lineNo == 1 && (path.Equals("slide", StringComparison.OrdinalIgnoreCase) || path.Equals("path", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            rows.Add(new SlideInput(Path.GetFullPath(path, baseDir), mpp));
        }

        return rows;
    }

    // MIRAX keeps its tiles in a folder named like the .mrxs (without extension) beside it.
    private static bool IsInsideMiraxFolder(string path)
    {
        var dir = Path.GetDirectoryName(path);
        return dir is not null && File.Exists(dir + ".mrxs");
    }
}
