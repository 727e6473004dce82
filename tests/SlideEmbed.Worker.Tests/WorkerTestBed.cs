using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using SlideEmbed.Arrow;
using SlideEmbed.Cli.Commands;
using SlideEmbed.Configuration;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Worker.Tests;

/// <summary>
/// One test's folders (drop, out), the tiny test model, cached synthetic slides and the checks every
/// worker test makes. Slides use Otsu tissue detection so that small ones (2000 x 1500 at 0.5 um/px) have tiles.
/// </summary>
internal sealed class WorkerTestBed : IDisposable
{
    public const string Model = "tiny-cls";

    private static readonly ConcurrentDictionary<(int W, int H), Lazy<string>> s_slides = new();

    public WorkerTestBed(string model = Model)
    {
        ModelName = model;
        Root = TestAssets.NewTempDir();
        Drop = Path.Combine(Root, "drop");
        Out = Path.Combine(Root, "out");
        Directory.CreateDirectory(Drop);
    }

    public string Root { get; }

    public string Drop { get; }

    public string Out { get; }

    /// <summary>The model this bed's outputs are under (the tiny test model unless given).</summary>
    public string ModelName { get; }

    public string ModelDir => Path.Combine(Out, ModelName);

    public string DoneDir => Path.Combine(Drop, WatchOptions.DoneFolderName);

    public string FailedDir => Path.Combine(Drop, WatchOptions.FailedFolderName);

    public ListLogger Logger { get; } = new();

    public static string ModelManifest => Path.Combine(TestAssets.RepoRoot, "tests", "models", Model + ".json");

    /// <summary>Watch options for an in-process worker with test-sized periods.</summary>
    public WatchOptions Options(double quietSeconds = 1, double rescanSeconds = 0.5, double retrySeconds = 0.2, int maxAttempts = 3, double graceSeconds = 10, FinishedSourceAction finished = FinishedSourceAction.Move) => new()
    {
        DropFolder = Drop,
        OutputFolder = Out,
        QuietPeriod = TimeSpan.FromSeconds(quietSeconds),
        RescanInterval = TimeSpan.FromSeconds(rescanSeconds),
        RetryDelay = TimeSpan.FromSeconds(retrySeconds),
        MaxAttempts = maxAttempts,
        GracePeriod = TimeSpan.FromSeconds(graceSeconds),
        Finished = finished,
    };

    /// <summary>The tiny model's pipeline composed exactly as the CLI does.</summary>
    public static WorkerPipeline CreatePipeline(int batchSize = 8, int readers = 2, string? model = null) =>
        WatchCommand.CreatePipeline(new SlideEmbedOptions { Model = model ?? ModelManifest, Tissue = "otsu", BatchSize = batchSize, Readers = readers, Threads = 1 }, _ => { });

    /// <summary>Flags that make a child <c>slideembed watch</c> use the test settings (add <c>--batch-size</c> and <c>--readers</c>).</summary>
    public string[] ChildArgs(double quietSeconds, params string[] extra) =>
    [
        "watch", "--drop", Drop, "--out", Out, "--model", ModelManifest, "--tissue", "otsu", "--threads", "1",
        "--quiet-period", quietSeconds.ToString(CultureInfo.InvariantCulture), "--rescan-interval", "0.5", "--retry-delay", "0.2", "--log-format", "json",
        .. extra,
    ];

    /// <summary>A synthetic slide of the given size (written once per test run).</summary>
    public static string Slide(int width = 2000, int height = 1500) =>
        s_slides.GetOrAdd((width, height), k => new Lazy<string>(() => TestSlides.Write(SlideCache.Dir, $"s{k.W}x{k.H}.svs", k.W, k.H))).Value;

    /// <summary>Writes a file the way a scanner does: in chunks with pauses (each shorter than the quiet period).</summary>
    /// <returns>The time of the last write.</returns>
    public static async Task<DateTimeOffset> WriteSlowlyAsync(byte[] content, string path, int chunks, TimeSpan pause)
    {
        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            var size = (content.Length + chunks - 1) / chunks;
            for (var offset = 0; offset < content.Length; offset += size)
            {
                await stream.WriteAsync(content.AsMemory(offset, Math.Min(size, content.Length - offset)));
                await stream.FlushAsync();
                if (offset + size < content.Length)
                {
                    await Task.Delay(pause);
                }
            }
        }

        return DateTimeOffset.UtcNow;
    }

    public static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting: {describe()}");
            }

            await Task.Delay(50);
        }
    }

    public static string[] Names(string dir) =>
        Directory.Exists(dir) ? Directory.GetFiles(dir).Select(Path.GetFileName).OfType<string>().Where(n => !n.EndsWith(".reason.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray() : [];

    /// <summary>The status file a child worker writes by default, or null while there is none.</summary>
    public JsonDocument? Status(string? path = null)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path ?? Path.Combine(Drop, ".status", WorkerIdentity.SafeHostName + ".json")));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether the status file says process <paramref name="pid"/> is embedding a slide and has done some tiles.</summary>
    public bool IsEmbedding(int pid)
    {
        using var status = Status();
        return status is not null && status.RootElement.GetProperty("pid").GetInt32() == pid
            && status.RootElement.GetProperty("current") is { ValueKind: JsonValueKind.Object } current
            && current.GetProperty("tiles_done").GetInt32() > 0;
    }

    public string Describe() =>
        $"drop: [{string.Join(", ", Names(Drop))}] done: [{string.Join(", ", Names(DoneDir))}] failed: [{string.Join(", ", Names(FailedDir))}]{Environment.NewLine}{Logger}";

    /// <summary>
    /// The checks after any run: for each id exactly one tile file and one slide file, both complete and for the
    /// full source (the provenance size equals <paramref name="sizes"/>), no other outputs, no partial files
    /// anywhere, nothing left in staging or claims.
    /// </summary>
    public void AssertOutputsExactlyOnce(IReadOnlyDictionary<string, long> sizes)
    {
        var tiles = Directory.GetFiles(ModelDir, "*.tiles.arrow").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(sizes.Keys.Select(id => id + ".tiles.arrow").Order(StringComparer.Ordinal), tiles);
        Assert.Equal(sizes.Count, Directory.GetFiles(ModelDir, "*.slide.arrow").Length);
        foreach (var (id, size) in sizes)
        {
            foreach (var file in new[] { id + ".tiles.arrow", id + ".slide.arrow" })
            {
                var meta = ArrowMetadata.TryRead(Path.Combine(ModelDir, file));
                Assert.True(meta is not null, $"{file} is not a complete Arrow file");
                using var provenance = JsonDocument.Parse(meta["slideembed.provenance"]);
                Assert.Equal(size, provenance.RootElement.GetProperty("slide_fingerprint").GetProperty("size_bytes").GetInt64());
            }
        }

        AssertClean();
    }

    /// <summary>No partial files anywhere, empty staging and no claim files.</summary>
    public void AssertClean()
    {
        Assert.Empty(Directory.GetFiles(Root, "*.partial", SearchOption.AllDirectories));
        var staging = Path.Combine(ModelDir, ".staging");
        Assert.True(!Directory.Exists(staging) || Directory.GetFileSystemEntries(staging, "*", SearchOption.AllDirectories).All(Directory.Exists), "staging has files");
        var claims = Path.Combine(Drop, WatchOptions.ClaimsFolderName);
        Assert.True(!Directory.Exists(claims) || Directory.GetFiles(claims).Length == 0, $"claims left: {(Directory.Exists(claims) ? string.Join(", ", Directory.GetFiles(claims)) : string.Empty)}");
    }

    public JsonElement ReasonOf(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FailedDir, name + ".reason.json")));
        return doc.RootElement.Clone();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
