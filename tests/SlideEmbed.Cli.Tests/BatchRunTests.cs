using System.Diagnostics;
using System.Text.Json;
using SlideEmbed.Arrow;
using SlideEmbed.Geometry;
using SlideEmbed.Synthetic;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

public sealed class BatchRunTests
{
    private static string Model => ArrowInteropTests.TinyModel;

    [Fact]
    public void Embed_MixedFolder_OutputsGoodSlidesReportsFailuresAndExitsPartial()
    {
        using var dir = new TempFolder();
        var input = Path.Combine(dir, "in");
        TestSlides.Write(Path.Combine(input, "site-a"), "case.svs");
        TestSlides.Write(Path.Combine(input, "site-b"), "case.svs", 3000, 3000);
        File.Copy(TestAssets.SharedSlide("bad/broken.svs"), Path.Combine(input, "broken.svs"));
        File.Copy(TestAssets.SharedSlide("bad/unreadable.svs"), Path.Combine(input, "unreadable.svs"));
        File.Copy(TestAssets.SharedSlide("bad/unopenable.tiff"), Path.Combine(input, "unopenable.tiff"));
        File.WriteAllText(Path.Combine(input, "notes.txt"), "not a slide");
        var output = Path.Combine(dir, "out");

        var (code, stdout, _) = CliRunner.Run("embed", input, "--recursive", "--model", Model, "--out", output);

        Assert.Equal(ExitCodes.PartialFailure, code);
        var modelDir = Path.Combine(output, "tiny-cls");
        var tileFiles = Directory.GetFiles(modelDir, "*.tiles.arrow").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(2, tileFiles.Count);
        Assert.All(tileFiles, f => Assert.StartsWith("case-", f, StringComparison.Ordinal));
        Assert.Equal(2, Directory.GetFiles(modelDir, "*.slide.arrow").Length);
        Assert.Empty(Directory.GetFiles(modelDir, "*.partial", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(modelDir, ".*"));

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(modelDir, "run-report.json")));
        var slides = report.RootElement.GetProperty("slides").EnumerateArray().ToDictionary(s => Path.GetFileName(s.GetProperty("path").GetString()!) + (s.GetProperty("path").GetString()!.Contains("site-b", StringComparison.Ordinal) ? "@b" : string.Empty));
        Assert.Equal("done", slides["case.svs"].GetProperty("status").GetString());
        Assert.Equal("done", slides["case.svs@b"].GetProperty("status").GetString());
        Assert.Equal("failed", slides["broken.svs"].GetProperty("status").GetString());
        Assert.Equal("unsupported-format", slides["broken.svs"].GetProperty("error_kind").GetString());
        Assert.Equal("failed", slides["unreadable.svs"].GetProperty("status").GetString());
        Assert.Contains("Bogus marker length", slides["unreadable.svs"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", slides["unopenable.tiff"].GetProperty("status").GetString());
        Assert.Contains("52479", slides["unopenable.tiff"].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("not_a_slide", slides["notes.txt"].GetProperty("status").GetString());
        Assert.True(slides["case.svs"].GetProperty("tiles").GetInt32() > 0);
        Assert.Contains("2 embedded, 0 up to date, 3 failed, 1 not slides", stdout, StringComparison.Ordinal);
        Assert.Contains("broken.svs", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_BlankAndCoarseSlides_WarnOnConsoleAndInTheReport()
    {
        using var dir = new TempFolder();
        // No tissue at all; and tissue scanned at 1 um/px, coarser than the 0.5 um/px default target.
        var input = Path.Combine(dir, "in");
        Directory.CreateDirectory(input);
        SyntheticSlideWriter.Write(Path.Combine(input, "blank.svs"), new SyntheticSlideSpec(2000, 1500, MicronsPerPixel.Isotropic(0.5)) { Style = SyntheticSlideStyle.Aperio });
        TestSlides.Write(input, "coarse.svs", 2000, 1500, mpp: 1.0);
        var output = Path.Combine(dir, "out");

        var (code, stdout, stderr) = CliRunner.Run("embed", input, "--model", Model, "--out", output, "--log-format", "plain");

        var console = stdout + stderr;
        Assert.True(code == ExitCodes.Success, console);
        Assert.Contains("blank: warning: no tissue found on", console, StringComparison.Ordinal);
        Assert.Contains("coarse: warning: '", console, StringComparison.Ordinal);
        Assert.Contains("coarser than the 0.5 um/px target: tiles are upsampled from", console, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "tiny-cls", "run-report.json")));
        var warnings = report.RootElement.GetProperty("slides").EnumerateArray()
            .ToDictionary(s => s.GetProperty("slide_id").GetString()!, s => s.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList());
        Assert.Collection(
            warnings["blank"],
            w => Assert.Contains("no tissue found", w, StringComparison.Ordinal),
            w => Assert.Contains("no slide embedding", w, StringComparison.Ordinal));
        Assert.Contains("coarser than", Assert.Single(warnings["coarse"]), StringComparison.Ordinal);

        // The blank slide is done: an empty tile table and no slide file; a second run finds both slides up to date.
        var modelDir = Path.Combine(output, "tiny-cls");
        Assert.True(File.Exists(Path.Combine(modelDir, "blank.tiles.arrow")));
        Assert.False(File.Exists(Path.Combine(modelDir, "blank.slide.arrow")));
        Assert.True(File.Exists(Path.Combine(modelDir, "coarse.slide.arrow")));
        var (again, againOut, _) = CliRunner.Run("embed", input, "--model", Model, "--out", output, "--log-format", "plain");
        Assert.Equal(ExitCodes.Success, again);
        Assert.Contains("0 embedded, 2 up to date, 0 failed", againOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_RunTwice_SecondSkipsChangedOptionRedoesForceRedoes()
    {
        using var dir = new TempFolder();
        var slide = TestSlides.Write(dir, "r.svs");
        var output = Path.Combine(dir, "out");
        var tiles = Path.Combine(output, "tiny-cls", "r.tiles.arrow");

        Assert.Equal(ExitCodes.Success, CliRunner.Run("embed", slide, "--model", Model, "--out", output).ExitCode);
        var first = File.GetLastWriteTimeUtc(tiles);
        var (_, again, _) = CliRunner.Run("embed", slide, "--model", Model, "--out", output);
        Assert.Contains("0 embedded, 1 up to date", again, StringComparison.Ordinal);
        Assert.Equal(first, File.GetLastWriteTimeUtc(tiles));

        var (_, dry, _) = CliRunner.Run("embed", slide, "--model", Model, "--out", output, "--min-tissue", "0.5", "--dry-run");
        Assert.Contains("would run", dry, StringComparison.Ordinal);
        Assert.Equal(first, File.GetLastWriteTimeUtc(tiles));

        var (_, changed, _) = CliRunner.Run("embed", slide, "--model", Model, "--out", output, "--min-tissue", "0.5");
        Assert.Contains("1 embedded, 0 up to date", changed, StringComparison.Ordinal);

        var (_, forced, _) = CliRunner.Run("embed", slide, "--model", Model, "--out", output, "--min-tissue", "0.5", "--force");
        Assert.Contains("1 embedded", forced, StringComparison.Ordinal);

        File.SetLastWriteTimeUtc(slide, DateTime.UtcNow.AddMinutes(1));
        var (_, touched, _) = CliRunner.Run("embed", slide, "--model", Model, "--out", output, "--min-tissue", "0.5");
        Assert.Contains("1 embedded", touched, StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_KilledMidRun_RestartFinishesRestRedoesNothingNoPartialFiles()
    {
        using var dir = new TempFolder();
        var input = Path.Combine(dir, "in");
        for (var i = 0; i < 6; i++)
        {
            TestSlides.Write(input, $"s{i}.svs", 4000 + (i * 200), 3000);
        }

        var output = Path.Combine(dir, "out");
        var modelDir = Path.Combine(output, "tiny-cls");
        using (var p = StartCli(input, output))
        {
            // Kill as soon as the first slide is complete, while later ones are being written.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!p.HasExited && DateTime.UtcNow < deadline && (!Directory.Exists(modelDir) || Directory.GetFiles(modelDir, "*.slide.arrow").Length < 1))
            {
                Thread.Sleep(20);
            }

            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }

            p.WaitForExit();
        }

        var finished = Directory.GetFiles(modelDir, "*.slide.arrow").Select(Path.GetFileName).ToHashSet();
        Assert.NotEmpty(finished);
        var stamps = Directory.GetFiles(modelDir, "*.arrow").ToDictionary(f => f, File.GetLastWriteTimeUtc);
        foreach (var f in Directory.GetFiles(modelDir, "*.tiles.arrow"))
        {
            Assert.NotNull(ArrowMetadata.TryRead(f)); // anything under a final name is complete
        }

        var (code, stdout, _) = CliRunner.Run("embed", input, "--model", Model, "--out", output);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains($"{finished.Count} up to date", stdout, StringComparison.Ordinal);
        Assert.Equal(6, Directory.GetFiles(modelDir, "*.slide.arrow").Length);
        foreach (var (file, stamp) in stamps.Where(s => finished.Contains(Path.GetFileName(s.Key).Replace(".tiles.", ".slide.", StringComparison.Ordinal))))
        {
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(file)); // finished slides were not redone
        }

        Assert.Empty(Directory.GetFiles(modelDir, "*.partial"));
    }

    private static Process StartCli(string input, string output)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "slideembed.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "embed", input, "--model", Model, "--out", output, "--batch-size", "4", "--readers", "1" })
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
