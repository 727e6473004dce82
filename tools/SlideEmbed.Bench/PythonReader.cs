using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace SlideEmbed.Bench;

/// <summary>Runs tools/bench_python_reader.py (openslide-python + PIL + torchvision, one process, one thread).</summary>
internal static class PythonReader
{
    public const string Python = "/usr/bin/python3";

    // GNU time, for the CPU seconds of each Python process.
    private const string Time = "/usr/bin/time";

    /// <summary>Starts one process per CSV at once; returns each one's JSON and the wall time of all of them.</summary>
    public static (IReadOnlyList<JsonObject> Results, double WallSeconds) Run(string slide, IReadOnlyList<(string Csv, int Tiles)> parts)
    {
        var script = Path.Combine(BenchData.RepositoryRoot(), "tools", "bench_python_reader.py");
        var clock = Stopwatch.StartNew();
        var processes = parts.Select(p => Start(script, slide, p.Csv, p.Tiles)).ToList();
        var results = new List<JsonObject>();
        foreach (var (process, stderr) in processes)
        {
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"bench_python_reader.py failed ({process.ExitCode}): {stderr.Result}\n{stdout}");
                }

                var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
                var json = JsonNode.Parse(line)!.AsObject();

                // /usr/bin/time's last stderr line: user and system CPU seconds of the whole process.
                var cpu = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith("cpu ", StringComparison.Ordinal)).Split(' ');
                json["process_cpu_s"] = double.Parse(cpu[1], CultureInfo.InvariantCulture) + double.Parse(cpu[2], CultureInfo.InvariantCulture);
                results.Add(json);
            }
        }

        return (results, clock.Elapsed.TotalSeconds);
    }

    private static (Process Process, Task<string> Stderr) Start(string script, string slide, string csv, int tiles)
    {
        var start = new ProcessStartInfo(Time)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-f", "cpu %U %S", Python, script, slide, "--csv", csv, "--tiles", tiles.ToString(CultureInfo.InvariantCulture), "--size", "224", "--crop", "224", "--interpolation", "bilinear" })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Time} {Python}.");
        return (process, process.StandardError.ReadToEndAsync());
    }
}
