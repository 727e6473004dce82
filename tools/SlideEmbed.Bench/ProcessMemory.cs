using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace SlideEmbed.Bench;

/// <summary>
/// Peak memory of this process and running a measurement in a fresh copy of this program, so each
/// peak is that of one job alone (a process's high-water mark never goes down).
/// </summary>
internal static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) in MiB, from /proc/self/status; managed and native together.</summary>
    public static double PeakRssMiB() => StatusKiB("VmHWM:") / 1024.0;

    /// <summary>Current resident set size (VmRSS) in MiB.</summary>
    public static double RssMiB() => StatusKiB("VmRSS:") / 1024.0;

    /// <summary>Memory figures of this process, for a child's JSON line.</summary>
    public static JsonObject Snapshot() => new()
    {
        ["peak_rss_mib"] = Math.Round(PeakRssMiB(), 1),
        ["rss_end_mib"] = Math.Round(RssMiB(), 1),
        ["managed_heap_end_mib"] = Math.Round(GC.GetTotalMemory(false) / 1048576.0, 1),
        ["managed_allocated_mib"] = Math.Round(GC.GetTotalAllocatedBytes(true) / 1048576.0, 1),
        ["gc_count_gen2"] = GC.CollectionCount(2),
    };

    /// <summary>Runs this program again with <paramref name="args"/> and returns the last JSON line it printed.</summary>
    public static JsonObject RunChild(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program's path.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Started as `dotnet slideembed-bench.dll`: the host needs the assembly again.
            start.ArgumentList.Add(typeof(ProcessMemory).Assembly.Location);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a child process.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Child '{string.Join(' ', args)}' exited with {process.ExitCode}: {stderr.Result}"));
        }

        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"Child '{string.Join(' ', args)}' printed no JSON line: {stdout}");
        return JsonNode.Parse(line)!.AsObject();
    }

    private static long StatusKiB(string key)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return long.Parse(line[key.Length..].Trim().Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture);
    }
}
