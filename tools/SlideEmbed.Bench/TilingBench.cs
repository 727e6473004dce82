using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace SlideEmbed.Bench;

/// <summary>
/// <c>tiling</c>: tissue detection + tiling of the gigapixel slide (open, SlideTiler.Run with the default
/// detector and tiling options), against the I/O floor (open + read the same low-resolution level), and
/// peak RSS in fresh processes on the small and the gigapixel slide.
/// </summary>
internal static class TilingBench
{
    public static void Run(BenchArgs args, Report report)
    {
        var data = BenchData.From(args);
        var runs = args.Int("runs", 15);
        var rssRuns = args.Int("rss-runs", 3);
        args.ThrowIfUnused();
        var big = BenchData.Require(data.Gigapixel);
        var small = BenchData.Require(data.Small);
        var sameArea = BenchData.Require(data.SameArea);

        // The first call in this process pays for JIT compilation and loading libopenslide; a CLI run
        // pays it too, so it is reported, but not mixed into the median.
        var first = Time(() => SlideJobs.Tile(big));
        var firstFloor = Time(() => SlideJobs.ReadLowResolutionLevel(big));
        var (tiles, level, lowW, lowH) = SlideJobs.Tile(big);

        // Interleaved so both see the same background load.
        var tilerTimes = new List<double>();
        var floorTimes = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            floorTimes.Add(Time(() => SlideJobs.ReadLowResolutionLevel(big)));
            tilerTimes.Add(Time(() => SlideJobs.Tile(big)));
        }

        var tiler = Stats.Of(tilerTimes);
        var floor = Stats.Of(floorTimes);
        report.Line($"tiling {Path.GetFileName(big)}: {tiles} tiles (0.5 mpp, 224 px), detection image = level {level} ({lowW} x {lowH})");
        report.Line($"  open + detect + tile : median {tiler.Median * 1000:0.0} ms (min {tiler.Min * 1000:0.0}, max {tiler.Max * 1000:0.0}, n={runs}); first call in process {first * 1000:0.0} ms");
        report.Line($"  open + read level {level} : median {floor.Median * 1000:0.0} ms (I/O floor); ratio {tiler.Median / floor.Median:0.00}x, detection overhead {(tiler.Median - floor.Median) * 1000:0.0} ms");
        report.Line($"  target < 1 s: {(tiler.Median < 1 ? "met" : "NOT met")}");

        var memory = new JsonObject();
        foreach (var (name, path) in new[] { ("small", small), ("gigapixel", big), ("same_area_1mpp", sameArea) })
        {
            var entry = new JsonObject { ["slide"] = Path.GetFileName(path) };
            foreach (var mode in new[] { "open", "floor", "tiler" })
            {
                var children = Enumerable.Range(0, rssRuns)
                    .Select(_ => ProcessMemory.RunChild(["tiling-child", "--slide", path, "--mode", mode]))
                    .ToList();
                var peak = Stats.Of(children.Select(c => (double)c["peak_rss_mib"]!));
                var wall = Stats.Of(children.Select(c => (double)c["seconds"]!));
                entry[mode] = new JsonObject
                {
                    ["peak_rss_mib"] = Report.StatsJson(peak, 1),
                    ["seconds_cold_process"] = Report.StatsJson(wall),
                    ["managed_allocated_mib"] = children[0]["managed_allocated_mib"]!.DeepClone(),
                    ["level0"] = children[0]["level0"]!.DeepClone(),
                    ["tiles"] = children[0]["tiles"]?.DeepClone(),
                };
                report.Line($"  peak RSS {name,-14} {children[0]["level0"],-11} {mode,-5}: median {peak.Median:0.0} MiB (min {peak.Min:0.0}, max {peak.Max:0.0}); cold process {wall.Median * 1000:0} ms");
            }

            memory[name] = entry;
        }

        var rssSmall = (double)memory["small"]!["tiler"]!["peak_rss_mib"]!["median"]!;
        var rssBig = (double)memory["gigapixel"]!["tiler"]!["peak_rss_mib"]!["median"]!;
        var rssSame = (double)memory["same_area_1mpp"]!["tiler"]!["peak_rss_mib"]!["median"]!;
        report.Line($"  peak RSS gigapixel / small (16x the level-0 pixels, 16x the detection image): {rssBig / rssSmall:0.00}x");
        report.Line($"  peak RSS gigapixel / same area at 1 um/px (16x the level-0 pixels, same detection image): {rssBig / rssSame:0.00}x");

        var json = report.Json;
        json["slide"] = Path.GetFileName(big);
        json["tiles"] = tiles;
        json["detection_level"] = level;
        json["detection_image"] = string.Create(CultureInfo.InvariantCulture, $"{lowW}x{lowH}");
        json["tiler_s"] = Report.StatsJson(tiler);
        json["floor_s"] = Report.StatsJson(floor);
        json["first_call_tiler_s"] = Math.Round(first, 4);
        json["first_call_floor_s"] = Math.Round(firstFloor, 4);
        json["ratio_tiler_over_floor"] = Math.Round(tiler.Median / floor.Median, 3);
        json["target_tiler_under_1s"] = tiler.Median < 1;
        json["peak_rss"] = memory;
        json["peak_rss_ratio_gigapixel_over_small"] = Math.Round(rssBig / rssSmall, 3);
        json["peak_rss_ratio_gigapixel_over_same_area"] = Math.Round(rssBig / rssSame, 3);
    }

    /// <summary>The child process: one unit of work in a fresh process, then its peak memory.</summary>
    public static void Child(BenchArgs args, TextWriter output)
    {
        var path = args.String("slide") ?? throw new ArgumentException("--slide is required.");
        var mode = args.String("mode", "tiler");
        args.ThrowIfUnused();
        var clock = Stopwatch.StartNew();
        var json = new JsonObject();
        switch (mode)
        {
            case "open":
                json["levels"] = SlideJobs.Open(path);
                break;
            case "floor":
                json["bytes"] = SlideJobs.ReadLowResolutionLevel(path);
                break;
            case "tiler":
                json["tiles"] = SlideJobs.Tile(path).Tiles;
                break;
            default:
                throw new ArgumentException($"Unknown mode '{mode}': open, floor or tiler.");
        }

        json["seconds"] = clock.Elapsed.TotalSeconds;

        // Memory first: opening the slide again for its size must not count.
        foreach (var (k, v) in ProcessMemory.Snapshot())
        {
            json[k] = v?.DeepClone();
        }

        using (var slide = OpenSlide.OpenSlideSource.Open(path))
        {
            json["level0"] = string.Create(CultureInfo.InvariantCulture, $"{slide.Levels[0].Width}x{slide.Levels[0].Height}");
        }

        output.WriteLine(json.ToJsonString());
    }

    private static double Time(Func<object> work)
    {
        var clock = Stopwatch.StartNew();
        GC.KeepAlive(work());
        return clock.Elapsed.TotalSeconds;
    }
}
