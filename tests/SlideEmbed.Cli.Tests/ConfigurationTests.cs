using System.Text.Json;
using Apache.Arrow.Ipc;
using SlideEmbed.Arrow;
using SlideEmbed.Cli.Commands;
using SlideEmbed.Configuration;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>The example configuration documents every setting, and every setting has an effect a test can see.</summary>
public sealed class ConfigurationTests : IClassFixture<ConfigurationTests.Fixture>
{
    private readonly Fixture _f;

    public ConfigurationTests(Fixture fixture) => _f = fixture;

    [Fact]
    public void ExampleConfig_IsTheGeneratedOneAndListsEverySetting()
    {
        var committed = File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "slideembed.example.json"));

        Assert.Equal(ConfigCommand.Example(), committed);
        foreach (var spec in OptionTable.All)
        {
            Assert.Contains($"\"{spec.Key}\":", committed, StringComparison.Ordinal);
        }

        var loaded = OptionsLoader.Load(Path.Combine(TestAssets.RepoRoot, "slideembed.example.json"), new Dictionary<string, string>(), new Dictionary<string, string?>());
        Assert.Equal("demo-vit", loaded.Model);
    }

    [Fact]
    public void Help_Embed_ListsEverySetting()
    {
        var (code, output, _) = CliRunner.Run("embed", "--help");
        Assert.Equal(ExitCodes.Success, code);
        foreach (var spec in OptionTable.All)
        {
            Assert.Contains("--" + spec.Key, output, StringComparison.Ordinal);
        }

        Assert.Contains("--config", output, StringComparison.Ordinal);
        Assert.Contains("--dry-run", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Layers_FileThenEnvironmentThenFlags()
    {
        var file = _f.Config(new() { ["batch-size"] = 8, ["readers"] = 3, ["min-tissue"] = 0.1 });
        var env = new Dictionary<string, string> { ["SLIDEEMBED_READERS"] = "5", ["SLIDEEMBED_MIN_TISSUE"] = "0.2" };
        var flags = new Dictionary<string, string?> { ["min-tissue"] = "0.3" };

        var o = OptionsLoader.Load(file, env, flags);

        Assert.Equal((8, 5, 0.3), (o.BatchSize, o.Readers, o.MinTissue));
    }

    [Fact]
    public void Load_UnknownKeys_RejectedNamingThem()
    {
        var file = _f.Config(new() { ["batch-sise"] = 8 });
        var e = Assert.Throws<FormatException>(() => OptionsLoader.Load(file, new Dictionary<string, string>(), new Dictionary<string, string?>()));
        Assert.Contains("'batch-sise'", e.Message, StringComparison.Ordinal);

        var env = Assert.Throws<FormatException>(() => OptionsLoader.Load(null, new Dictionary<string, string> { ["SLIDEEMBED_BATCHSIZE"] = "3" }, new Dictionary<string, string?>()));
        Assert.Contains("SLIDEEMBED_BATCHSIZE", env.Message, StringComparison.Ordinal);

        var (code, _, error) = CliRunner.Run("embed", _f.Slide, "--config", file);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("batch-sise", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WorkerVariablesInTheEnvironment_ReadAndValidatedOtherUnknownRejected()
    {
        // One environment for the drop-folder worker and for embed: the worker's settings are rows of the same table.
        var env = new Dictionary<string, string> { ["SLIDEEMBED_DROP"] = "/scanner/drop", ["SLIDEEMBED_BATCH_SIZE"] = "8" };

        var o = OptionsLoader.Load(null, env, new Dictionary<string, string?>());
        var bad = Assert.Throws<FormatException>(() => OptionsLoader.Load(null, new Dictionary<string, string> { ["SLIDEEMBED_QUIET_PERIOD"] = "soon" }, new Dictionary<string, string?>()));
        var unknown = Assert.Throws<FormatException>(() => OptionsLoader.Load(null, new Dictionary<string, string> { ["SLIDEEMBED_DROPP"] = "/x" }, new Dictionary<string, string?>()));

        Assert.Equal((8, "/scanner/drop"), (o.BatchSize, o.Drop));
        Assert.Contains("SLIDEEMBED_QUIET_PERIOD: 'quiet-period' must be a number of seconds", bad.Message, StringComparison.Ordinal);
        Assert.Contains("SLIDEEMBED_DROPP", unknown.Message, StringComparison.Ordinal);
    }

    // One run per setting from a config file; each asserts an effect in the outputs, the report or the exit code.
    [Theory]
    [InlineData("model")]
    [InlineData("out")]
    [InlineData("recursive")]
    [InlineData("slide-mpp")]
    [InlineData("slide-mpp-csv")]
    [InlineData("slide-mpp-force")]
    [InlineData("tissue")]
    [InlineData("exclude-pen")]
    [InlineData("overlap")]
    [InlineData("min-tissue")]
    [InlineData("max-tiles")]
    [InlineData("device")]
    [InlineData("allow-cpu-fallback")]
    [InlineData("io-binding")]
    [InlineData("threads")]
    [InlineData("optimization")]
    [InlineData("batch-size")]
    [InlineData("readers")]
    [InlineData("max-failed-tiles")]
    [InlineData("slide-encoder")]
    [InlineData("tensor-extension")]
    [InlineData("force")]
    [InlineData("log-format")]
    [InlineData("share-cores")]
    public void Setting_FromConfigFile_HasAVisibleEffect(string key)
    {
        Assert.NotNull(OptionTable.Find(key));
        var run = _f.NewRun();
        switch (key)
        {
            case "model":
                Assert.Equal(ExitCodes.Success, run.Embed(new() { ["model"] = Fixture.Model("tiny-pooled") }).Code);
                Assert.True(File.Exists(run.File("tiny-pooled", "s.tiles.arrow")));
                break;
            case "out":
                Assert.Equal(ExitCodes.Success, run.Embed(new()).Code);
                Assert.True(File.Exists(run.File("tiny-cls", "s.tiles.arrow")));
                break;
            case "recursive":
                var nested = Path.Combine(run.Dir, "nest");
                Directory.CreateDirectory(Path.Combine(nested, "deep"));
                File.Copy(_f.Slide, Path.Combine(nested, "deep", "n.svs"));
                Assert.Contains("0 embedded", run.Embed(new(), nested).Out, StringComparison.Ordinal);
                Assert.Contains("1 embedded", run.Embed(new() { ["recursive"] = true }, nested).Out, StringComparison.Ordinal);
                break;
            case "slide-mpp":
                var tcga = TestAssets.SharedSlide("TCGA-CR-7395-01A-01-TS1.svs");
                Assert.Equal(ExitCodes.Failure, run.Embed(new() { ["max-tiles"] = 2 }, tcga).Code);
                Assert.Equal(ExitCodes.Success, run.Embed(new() { ["max-tiles"] = 2, ["slide-mpp"] = 0.25 }, tcga).Code);
                break;
            case "slide-mpp-csv":
                var csv = Path.Combine(run.Dir, "mpp.csv");
                File.WriteAllLines(csv, ["slide,mpp", "TCGA-CR-7395-01A-01-TS1.svs,0.25"]);
                Assert.Equal(ExitCodes.Success, run.Embed(new() { ["max-tiles"] = 2, ["slide-mpp-csv"] = csv }, TestAssets.SharedSlide("TCGA-CR-7395-01A-01-TS1.svs")).Code);
                break;
            case "slide-mpp-force":
                run.Embed(new() { ["slide-mpp"] = 1.0, ["slide-mpp-force"] = true });
                Assert.Equal(1.0, run.Config("tiny-cls", "s").GetProperty("slide_mpp_x").GetDouble());
                break;
            case "tissue":
                run.Embed(new() { ["tissue"] = "none", ["min-tissue"] = 0 });
                var c = run.Config("tiny-cls", "s");
                Assert.Equal("none", c.GetProperty("tissue_detector").GetString());
                Assert.Equal((4000 / 257) * (3000 / 257), c.GetProperty("tile_count").GetInt32());
                break;
            case "exclude-pen":
                run.Embed(new() { ["exclude-pen"] = true });
                Assert.Equal("true", run.Config("tiny-cls", "s").GetProperty("tissue_parameters").GetProperty("pen").GetString());
                break;
            case "overlap":
                run.Embed(new() { ["overlap"] = 56 });
                Assert.Equal(200, run.Config("tiny-cls", "s").GetProperty("level0_stride").GetInt64()); // (256 - 56) * 0.5 / 0.5 on a 0.5 um/px slide
                break;
            case "min-tissue":
                run.Embed(new() { ["tissue"] = "none", ["min-tissue"] = 1.0 });
                Assert.Equal("1", run.Config("tiny-cls", "s").GetProperty("min_tissue_fraction").ToString());
                break;
            case "max-tiles":
                run.Embed(new() { ["max-tiles"] = 3 });
                Assert.Equal(3, TileEmbeddingFile.Read(run.File("tiny-cls", "s.tiles.arrow")).Count);
                break;
            case "device":
                var (code, _, error) = run.Embed(new() { ["device"] = "cuda:0" });
                Assert.Equal(ExitCodes.Usage, code);
                Assert.Contains("cuda:0", error, StringComparison.Ordinal);
                break;
            case "allow-cpu-fallback":
                var fb = run.Embed(new() { ["device"] = "cuda:0", ["allow-cpu-fallback"] = true });
                Assert.Equal(ExitCodes.Success, fb.Code);
                Assert.Contains("Falling back to the CPU", fb.Error, StringComparison.Ordinal);
                break;
            case "io-binding":
                Assert.Equal(ExitCodes.Success, run.Embed(new() { ["io-binding"] = false }).Code);
                Assert.Equal("false", run.Setting("io-binding"));
                break;
            case "threads":
                run.Embed(new() { ["threads"] = 1 });
                Assert.Equal("1", run.Setting("threads"));
                break;
            case "optimization":
                Assert.Contains("'optimization' must be one of none, basic, extended, all, not 'bogus'", run.Embed(new() { ["optimization"] = "bogus" }).Error, StringComparison.Ordinal);
                break;
            case "batch-size":
                Assert.Equal(ExitCodes.Usage, run.Embed(new() { ["batch-size"] = 0 }).Code);
                break;
            case "readers":
                Assert.Equal(ExitCodes.Usage, run.Embed(new() { ["readers"] = 100 }).Code);
                break;
            case "max-failed-tiles":
                Assert.Contains("'max-failed-tiles' must be between 0 and 1, not 2", run.Embed(new() { ["max-failed-tiles"] = 2 }).Error, StringComparison.Ordinal);
                break;
            case "slide-encoder":
                run.Embed(new() { ["slide-encoder"] = "none" });
                Assert.False(File.Exists(run.File("tiny-cls", "s.slide.arrow")));
                run.Embed(new() { ["slide-encoder"] = "max" });
                Assert.Contains("\"name\":\"max\"", ReadMeta(run.File("tiny-cls", "s.slide.arrow")), StringComparison.Ordinal);
                break;
            case "tensor-extension":
                run.Embed(new() { ["tensor-extension"] = true });
                using (var stream = File.OpenRead(run.File("tiny-cls", "s.tiles.arrow")))
                using (var reader = new ArrowFileReader(stream))
                {
                    Assert.Equal("arrow.fixed_shape_tensor", reader.Schema.GetFieldByName("embedding").Metadata["ARROW:extension:name"]);
                }

                break;
            case "force":
                run.Embed(new());
                Assert.Contains("1 up to date", run.Embed(new()).Out, StringComparison.Ordinal);
                Assert.Contains("1 embedded", run.Embed(new() { ["force"] = true }).Out, StringComparison.Ordinal);
                break;
            case "share-cores":
                // Another process (util-linux flock) holds the one core slot of a one-session-per-host run for
                // a few seconds: with the setting on, the run waits its turn and says so; off, it does not wait.
                var cores = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split(':')[1].Trim();
                var slot = $"/dev/shm/slideembed-cores-{cores.Replace(',', '_')}-0.lock";
                foreach (var (value, waits) in new[] { ("off", false), ("on", true) })
                {
                    using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", [slot, "sleep", "10"]))!;
                    Thread.Sleep(500);
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var result = run.Embed(new() { ["share-cores"] = value, ["threads"] = 0, ["force"] = true });
                    var waited = clock.Elapsed;
                    holder.Kill(entireProcessTree: true);
                    holder.WaitForExit();
                    Assert.Equal(ExitCodes.Success, result.Code);
                    Assert.Equal(waits, (result.Out + result.Error).Contains("waiting for the CPU", StringComparison.Ordinal));
                    if (waits)
                    {
                        Assert.True(waited > TimeSpan.FromSeconds(8), $"the run took {waited.TotalSeconds:F1} s; it should have waited for the slot");
                    }
                }

                break;
            case "log-format":
                var json = run.Embed(new() { ["log-format"] = "json" });
                var events = json.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l)).ToList();
                Assert.Contains(events, e => e.RootElement.GetProperty("event").GetString() == "slide_finished");
                break;
            default:
                Assert.Fail($"No effect test for '{key}'.");
                break;
        }
    }

    private static string ReadMeta(string path) => ArrowMetadata.TryRead(path)!["slideembed.provenance"];

    public sealed class Fixture : IDisposable
    {
        public Fixture()
        {
            Dir = TestAssets.NewTempDir();
            Slide = TestSlides.Write(Dir, "s.svs", 4000, 3000, 0.5);
        }

        public string Dir { get; }

        public string Slide { get; }

        public static string Model(string name) => Path.Combine(TestAssets.RepoRoot, "tests", "models", name + ".json");

        public string Config(Dictionary<string, object> values)
        {
            var path = Path.Combine(Dir, Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, JsonSerializer.Serialize(values));
            return path;
        }

        public Run NewRun() => new(this, Path.Combine(Dir, Guid.NewGuid().ToString("N")));

        public void Dispose() => Directory.Delete(Dir, true);
    }

    public sealed class Run(Fixture f, string dir)
    {
        public string Dir { get; } = Directory.CreateDirectory(dir).FullName;

        public (int Code, string Out, string Error) Embed(Dictionary<string, object> settings, string? input = null)
        {
            settings.TryAdd("model", Fixture.Model("tiny-cls"));
            settings.TryAdd("out", Path.Combine(Dir, "out"));
            settings.TryAdd("readers", 2);
            return CliRunner.Run("embed", input ?? f.Slide, "--config", f.Config(settings));
        }

        public string File(string model, string name) => Path.Combine(Dir, "out", model, name);

        public JsonElement Config(string model, string slideId)
        {
            using var doc = JsonDocument.Parse(ReadMeta(File(model, slideId + ".tiles.arrow")));
            return doc.RootElement.GetProperty("config").Clone();
        }

        public string? Setting(string key)
        {
            using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Dir, "out", "tiny-cls", "run-report.json")));
            return doc.RootElement.GetProperty("settings").GetProperty(key).GetString();
        }
    }
}
