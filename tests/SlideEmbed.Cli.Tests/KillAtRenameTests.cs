using System.Diagnostics;
using System.Text.Json;
using SlideEmbed.Arrow;
using SlideEmbed.Output;
using SlideEmbed.Pipeline;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// SIGKILL at the moment an output is renamed into place (seen by watching the folder, not by timing), during a
/// run that replaces a complete earlier run with other settings; the rerun must redo exactly the slides whose
/// outputs are not all of the new settings and consistent with each other, and nothing else.
/// </summary>
public sealed class KillAtRenameTests
{
    private static readonly string[] s_ids = ["a", "b", "c", "d"];

    private static int Slides => s_ids.Length;

    [Theory]
    [InlineData("c.tiles.arrow")]
    [InlineData("c.slide.arrow")]
    [InlineData("c.qc.png")]
    [InlineData("a.tiles.arrow")]
    public void Embed_KilledWhenAnOutputIsRenamed_RerunRedoesExactlyTheIncompleteSlides(string killAt)
    {
        OutputSafetyTests.WithTempDir(dir =>
        {
            var input = Path.Combine(dir, "in");
            // The slides after the kill point are larger, so the kill lands while work is left.
            foreach (var (name, i) in s_ids.Select((n, i) => (n, i)))
            {
                TestSlides.Write(input, name + ".svs", i < 2 ? 2000 + (i * 200) : 6000, i < 2 ? 1500 : 4500);
            }

            var output = Path.Combine(dir, "out");
            var modelDir = Path.Combine(output, "tiny-cls");
            Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", input, "--model", ArrowInteropTests.TinyModel, "--out", output).ExitCode);

            // Second run with other settings; killed the moment `killAt` is renamed into place.
            using (var process = StartCli(input, output))
            using (var watcher = new FileSystemWatcher(modelDir))
            {
                watcher.Renamed += (_, e) =>
                {
                    if (e.Name == killAt)
                    {
                        try
                        {
                            process.Kill();
                        }
                        catch (InvalidOperationException)
                        {
                            // Already gone.
                        }
                    }
                };
                watcher.EnableRaisingEvents = true;
                Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "the run did not end");
            }

            // What must be redone, judged from the files alone: a slide is complete when its tile file is of the
            // new settings and its slide file was made from that tile file.
            var complete = s_ids.Where(id => IsComplete(modelDir, id)).ToHashSet();
            Assert.True(complete.Count < Slides, "the kill came after the run had finished");

            var (code, stdout, error) = CliRunner.Run("embed", input, "--model", ArrowInteropTests.TinyModel, "--out", output, "--min-tissue", "0.4");

            Assert.True(code == ExitCodes.Success, error);
            Assert.True(stdout.Contains($"{Slides - complete.Count} embedded, {complete.Count} up to date", StringComparison.Ordinal), stdout + Describe(modelDir));
            using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(modelDir, "run-report.json")));
            foreach (var slide in report.RootElement.GetProperty("slides").EnumerateArray())
            {
                var id = slide.GetProperty("slide_id").GetString()!;
                Assert.Equal(complete.Contains(id) ? "up_to_date" : "done", slide.GetProperty("status").GetString());
                Assert.True(IsComplete(modelDir, id), $"{id} is not consistent after the rerun");
            }

            Assert.Empty(Directory.GetFiles(modelDir, "*" + AtomicFile.PartialSuffix, SearchOption.AllDirectories));
        });
    }

    private static string Describe(string modelDir) => string.Join("; ", s_ids.Select(id =>
    {
        var tiles = ArrowMetadata.TryRead(Path.Combine(modelDir, id + ".tiles.arrow"));
        var slide = ArrowMetadata.TryRead(Path.Combine(modelDir, id + ".slide.arrow"));
        return $"{id}: tiles {(tiles is null ? "none" : ProvenanceRecord.TryRead(tiles)?.Config.ToJsonString())} {tiles?.GetValueOrDefault(SlideRun.TilesIdKey)} slide {slide?.GetValueOrDefault(SlideRun.TilesIdKey)}";
    }));

    private static bool IsComplete(string modelDir, string id)
    {
        var tiles = ArrowMetadata.TryRead(Path.Combine(modelDir, id + ".tiles.arrow"));
        var slide = ArrowMetadata.TryRead(Path.Combine(modelDir, id + ".slide.arrow"));
        if (tiles is null || ProvenanceRecord.TryRead(tiles) is not { } record || record.Config["min_tissue_fraction"]?.GetValue<double>() != 0.4)
        {
            return false;
        }

        // A slide without tiles has no slide file; any other has one made from its tile file.
        return record.TileCount == 0
            ? slide is null
            : slide is not null && tiles.TryGetValue(SlideRun.TilesIdKey, out var made) && slide.TryGetValue(SlideRun.TilesIdKey, out var from) && made == from;
    }

    private static Process StartCli(string input, string output)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "slideembed.dll"), "embed", input, "--model", ArrowInteropTests.TinyModel, "--out", output, "--min-tissue", "0.4" })
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
