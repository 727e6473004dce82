using System.Diagnostics;
using System.Text.Json;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>Hostile inputs and settings: each gets one clear line and the documented exit code, before any work where it can.</summary>
public sealed class AdversarialInputTests
{
    private static string Model => ArrowInteropTests.TinyModel;

    [Fact]
    public void Embed_AdversarialFolder_ReportsEveryEntryExactlyAndExitsPartial()
    {
        OutputSafetyTests.WithTempDir(dir =>
        {
            var input = Path.Combine(dir, "in");
            AdversarialFolder.Write(input, withSameNameFolder: true);
            var output = Path.Combine(dir, "out");
            var modelDir = Path.Combine(output, "tiny-cls");

            var run = Task.Run(() => CliRunner.Run("embed", input, "--recursive", "--model", Model, "--out", output), TestContext.Current.CancellationToken);
            Assert.True(run.Wait(TimeSpan.FromSeconds(180), TestContext.Current.CancellationToken), "embed hung on the adversarial folder");
            var (code, stdout, _) = run.Result;

            Assert.Equal(ExitCodes.PartialFailure, code);
            using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(modelDir, "run-report.json")));
            var entries = report.RootElement.GetProperty("slides").EnumerateArray()
                .ToDictionary(s => Path.GetRelativePath(input, s.GetProperty("path").GetString()!), s => s.Clone(), StringComparer.Ordinal);
            var expected = AdversarialFolder.GoodSlides.Concat(["same.svs", Path.Combine("same", "same.svs")])
                .Concat(AdversarialFolder.BadSlides.Select(b => b.Name)).Concat(AdversarialFolder.NotFiles.Select(n => n.Name));
            Assert.Equal(expected.Order(StringComparer.Ordinal), entries.Keys.Order(StringComparer.Ordinal));
            foreach (var name in AdversarialFolder.GoodSlides.Concat(["same.svs", Path.Combine("same", "same.svs")]))
            {
                Assert.Equal("done", entries[name].GetProperty("status").GetString());
            }

            foreach (var (name, error) in AdversarialFolder.BadSlides)
            {
                Assert.Equal("failed", entries[name].GetProperty("status").GetString());
                Assert.Contains(error, entries[name].GetProperty("error").GetString(), StringComparison.Ordinal);
            }

            foreach (var (name, reason) in AdversarialFolder.NotFiles)
            {
                Assert.Equal("not_a_slide", entries[name].GetProperty("status").GetString());
                Assert.Contains(reason, entries[name].GetProperty("error").GetString(), StringComparison.Ordinal);
            }

            var ids = AdversarialFolder.GoodSlides.Concat(["same.svs", Path.Combine("same", "same.svs")]).Select(n => entries[n].GetProperty("slide_id").GetString()).ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(ids.Order(StringComparer.Ordinal), Directory.GetFiles(modelDir, "*.tiles.arrow").Select(f => Path.GetFileName(f)[..^".tiles.arrow".Length]).Order(StringComparer.Ordinal));
            Assert.Contains("5 embedded, 0 up to date, 5 failed, 4 not slides", stdout, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("embed", "--min-tisue", "0.5")]
    [InlineData("tiles", "--min-tisue", "0.5")]
    [InlineData("inspect", "--slide-mp", "0.5")]
    public void Command_MistypedOption_IsUsageErrorNamingIt(string command, string flag, string value)
    {
        OutputSafetyTests.WithTempDir(dir =>
        {
            var slide = TestSlides.Write(dir, "case.svs", 1000, 800);
            var args = command == "inspect" ? new[] { command, slide, flag, value } : [command, slide, flag, value, "--model", Model, "--out", Path.Combine(dir, "out")];
            if (command == "tiles")
            {
                args = [command, slide, flag, value, "--out", Path.Combine(dir, "out")];
            }

            var (code, stdout, error) = CliRunner.Run(args);

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Equal($"error: Unknown option '{flag}'.", error.Trim()[..(error.Trim().IndexOf('.', StringComparison.Ordinal) + 1)]);
            Assert.Single(error.Trim().Split('\n'));
            Assert.Empty(stdout);
            Assert.False(Directory.Exists(Path.Combine(dir, "out", "tiny-cls")));
        });
    }

    [Theory]
    [InlineData("min-tissue", "1.5", "'min-tissue' must be between 0 and 1")]
    [InlineData("overlap", "300", "overlap must be at least 0 and smaller than the tile size (")]
    [InlineData("max-tiles", "0", "'max-tiles' must be at least 1")]
    [InlineData("batch-size", "0", "'batch-size' must be between 1 and 4096")]
    [InlineData("slide-mpp", "1e-9", "'slide-mpp' must be between 0.01 and 100")]
    public void Embed_OutOfRangeSetting_AsFlagConfigOrEnvironment_IsOneLineUsageErrorBeforeAnyWork(string key, string value, string message)
    {
        OutputSafetyTests.WithTempDir(dir =>
        {
            var slide = TestSlides.Write(dir, "case.svs", 1000, 800);
            var output = Path.Combine(dir, "out");
            var config = Path.Combine(dir, "config.json");
            File.WriteAllText(config, $"{{ \"{key}\": \"{value}\" }}");

            var viaFlag = CliRunner.Run("embed", slide, "--model", Model, "--out", output, "--" + key, value);
            var viaConfig = CliRunner.Run("embed", slide, "--model", Model, "--out", output, "--config", config);
            var viaEnv = RunChild(new() { ["SLIDEEMBED_" + key.ToUpperInvariant().Replace('-', '_')] = value }, "embed", slide, "--model", Model, "--out", output);
            var tiles = CliRunner.Run("tiles", slide, "--out", output, "--config", config);
            var drop = Directory.CreateDirectory(Path.Combine(dir, "drop")).FullName;
            var watch = CliRunner.Run("watch", "--drop", drop, "--out", output, "--model", Model, "--config", config);

            foreach (var (name, result) in new[] { ("flag", viaFlag), ("config", viaConfig), ("environment", viaEnv), ("watch", watch) }
                .Concat(key is "batch-size" ? [] : new[] { ("tiles", tiles) }))
            {
                Assert.True(result.ExitCode == ExitCodes.Usage, $"{name}: exit {result.ExitCode}: {result.Error}");
                Assert.Contains(message, result.Error, StringComparison.Ordinal);
                Assert.Single(result.Error.Trim().Split('\n'));
                Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
            }

            Assert.False(Directory.Exists(Path.Combine(output, "tiny-cls")));
        });
    }

    [Fact]
    public void Embed_BadPathsAndFolders_AreOneLineUsageErrors()
    {
        OutputSafetyTests.WithTempDir(dir =>
        {
            var slide = TestSlides.Write(dir, "case.svs", 1000, 800);
            var aFile = Path.Combine(dir, "a-file");
            File.WriteAllText(aFile, "x");

            var cases = new (string Name, (int ExitCode, string Out, string Error) Result, string Message)[]
            {
                ("missing slide", CliRunner.Run("embed", Path.Combine(dir, "nope.svs"), "--model", Model, "--out", Path.Combine(dir, "out")), "nope.svs' does not exist"),
                ("config is a folder", CliRunner.Run("embed", slide, "--model", Model, "--out", Path.Combine(dir, "out"), "--config", dir), "is a folder; give the JSON file"),
                ("out is a file", CliRunner.Run("embed", slide, "--model", Model, "--out", aFile), "is a file; give a folder"),
                ("out is empty", CliRunner.Run("embed", slide, "--model", Model, "--out", " "), "--out is empty"),
                ("out is unwritable", CliRunner.Run("embed", slide, "--model", Model, "--out", "/proc/slideembed-out"), "cannot write to --out"),
                ("tiles mpp", CliRunner.Run("tiles", slide, "--out", Path.Combine(dir, "t"), "--mpp", "1e-9"), "target resolution must be between 0.01 and 1000"),
                ("tiles missing slide", CliRunner.Run("tiles", Path.Combine(dir, "nope.svs"), "--out", Path.Combine(dir, "t")), "nope.svs' does not exist"),
                ("manifest named ..", CliRunner.Run("embed", slide, "--model", WriteManifest(dir, "dots.json", m => m.Replace("\"name\": \"tiny-cls\"", "\"name\": \"..\"", StringComparison.Ordinal)), "--out", Path.Combine(dir, "out")), "must match [a-z0-9-]+"),
                ("manifest name and file", CliRunner.Run("embed", slide, "--model", WriteManifest(dir, "other.json", m => m), "--out", Path.Combine(dir, "out")), "must equal the file name 'other'"),
                ("prefix tokens", CliRunner.Run("embed", slide, "--model", WriteManifest(dir, "tiny-cls-mean-reg.json", m => m.Replace("\"prefix_tokens\": 5", "\"prefix_tokens\": 500", StringComparison.Ordinal), "tiny-cls-mean-reg"), "--out", Path.Combine(dir, "out")), "no patch token would be left"),
            };

            foreach (var (name, result, message) in cases)
            {
                Assert.True(result.ExitCode == ExitCodes.Usage, $"{name}: exit {result.ExitCode}: {result.Error}");
                Assert.Contains(message, result.Error, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
            }

            Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        });
    }

    [Fact]
    public void Embed_RunReportCannotBeWritten_SaysSoAndExitsOne()
    {
        OutputSafetyTests.WithTempDir(dir =>
        {
            var slide = TestSlides.Write(dir, "case.svs", 1000, 800);
            var output = Path.Combine(dir, "out");
            Directory.CreateDirectory(Path.Combine(output, "tiny-cls", "run-report.json"));

            var (code, _, error) = CliRunner.Run("embed", slide, "--model", Model, "--out", output);

            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("error: cannot write the run report", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(output, "tiny-cls", "case.tiles.arrow")));
        });
    }

    [Fact]
    public void Config_WatchConfigurationFile_AcceptedWithItsEmbeddingSettingsShown()
    {
        var watchExample = Path.Combine(TestAssets.RepoRoot, "deploy", "watch.example.json");

        var (code, stdout, error) = CliRunner.Run("config", "--config", watchExample);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("model = demo-vit", stdout, StringComparison.Ordinal);
        Assert.Contains("log-format = plain", stdout, StringComparison.Ordinal);
    }

    private static string WriteManifest(string dir, string fileName, Func<string, string> edit, string source = "tiny-cls")
    {
        var folder = Path.Combine(dir, "models-" + Path.GetFileNameWithoutExtension(fileName));
        Directory.CreateDirectory(folder);
        var models = Path.Combine(TestAssets.RepoRoot, "tests", "models");
        foreach (var file in Directory.GetFiles(models, source + ".onnx*"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var path = Path.Combine(folder, fileName);
        File.WriteAllText(path, edit(File.ReadAllText(Path.Combine(models, source + ".json"))));
        return path;
    }

    private static (int ExitCode, string Out, string Error) RunChild(Dictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "slideembed.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }
}
