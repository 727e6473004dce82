using System.Diagnostics;

namespace SlideEmbed.TestSupport;

/// <summary>
/// A folder of hostile inputs beside good synthetic slides: an empty slide, slides truncated at 10, 50 and
/// 90 %, text named <c>.svs</c>, a symbolic link loop, a FIFO, a link to <c>/dev/zero</c>, two names that
/// differ only in a non-ASCII letter, and (with <c>recursive</c>) a file and a folder of the same name.
/// </summary>
public static class AdversarialFolder
{
    /// <summary>The good slides at the top (names).</summary>
    public static readonly string[] GoodSlides = ["good.svs", "Patient-Möller.svs", "Patient-Müller.svs"];

    /// <summary>Files that are slides by name but cannot be opened, with a phrase their error must contain.</summary>
    public static readonly (string Name, string Error)[] BadSlides =
    [
        ("empty.svs", "the file is empty (0 bytes)"),
        ("trunc10.svs", "the file is truncated or damaged"),
        ("trunc50.svs", "the file is truncated or damaged"),
        ("trunc90.svs", "the file is truncated or damaged"),
        ("text.svs", "not a slide format"),
    ];

    /// <summary>Entries that are never opened, with a phrase of the reason they are skipped.</summary>
    public static readonly (string Name, string Reason)[] NotFiles =
    [
        ("fifo.svs", "not a regular file"),
        ("loop-a.svs", "symbolic link that loops"),
        ("loop-b.svs", "symbolic link that loops"),
        ("zero.svs", "not a regular file"),
    ];

    /// <summary>Writes the folder.</summary>
    /// <param name="dir">The folder (created).</param>
    /// <param name="withSameNameFolder">Also write <c>same.svs</c> beside a folder <c>same/</c> holding another <c>same.svs</c>.</param>
    public static void Write(string dir, bool withSameNameFolder)
    {
        Directory.CreateDirectory(dir);
        var good = TestSlides.Write(dir, "good.svs", 2000, 1500);
        var bytes = File.ReadAllBytes(good);
        TestSlides.Write(dir, "Patient-Müller.svs", 2200, 1500);
        TestSlides.Write(dir, "Patient-Möller.svs", 2000, 1700);
        File.WriteAllBytes(Path.Combine(dir, "empty.svs"), []);
        foreach (var percent in new[] { 10, 50, 90 })
        {
            File.WriteAllBytes(Path.Combine(dir, $"trunc{percent}.svs"), bytes[..(bytes.Length * percent / 100)]);
        }

        File.WriteAllText(Path.Combine(dir, "text.svs"), "Scanner log: nothing to see here.\n");
        File.CreateSymbolicLink(Path.Combine(dir, "loop-a.svs"), "loop-b.svs");
        File.CreateSymbolicLink(Path.Combine(dir, "loop-b.svs"), "loop-a.svs");
        File.CreateSymbolicLink(Path.Combine(dir, "zero.svs"), "/dev/zero");
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(dir, "fifo.svs")]))
        {
            mkfifo.WaitForExit();
        }

        if (withSameNameFolder)
        {
            TestSlides.Write(dir, "same.svs", 2000, 1500);
            TestSlides.Write(Path.Combine(dir, "same"), "same.svs", 2100, 1500);
        }
    }
}
