using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace SlideEmbed.Onnx.Devices;

/// <summary>Lists GPUs with <c>nvidia-smi --query-gpu</c>, which ships with every NVIDIA driver.</summary>
public sealed class NvidiaSmiProbe : IGpuProbe
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    /// <summary>The shared instance.</summary>
    public static NvidiaSmiProbe Instance { get; } = new();

    /// <inheritdoc />
    public GpuSurvey Survey()
    {
        var start = new ProcessStartInfo("nvidia-smi", "--query-gpu=index,name,memory.total,driver_version --format=csv,noheader,nounits")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(s_timeout))
            {
                process.Kill();
                return new GpuSurvey("nvidia-smi", [], null, "nvidia-smi did not answer within 15 s");
            }

            return process.ExitCode == 0
                ? Parse(stdout.Result)
                : new GpuSurvey("nvidia-smi", [], null, $"nvidia-smi failed: {FirstLine(stderr.Result + stdout.Result)}");
        }
        catch (Win32Exception)
        {
            return new GpuSurvey("nvidia-smi", [], null, "nvidia-smi not found: no NVIDIA driver is installed");
        }
    }

    /// <summary>Parses <c>index, name, memory.total, driver_version</c> CSV rows (no header, no units).</summary>
    /// <param name="csv">nvidia-smi's output.</param>
    /// <returns>The survey.</returns>
    public static GpuSurvey Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var gpus = new List<GpuInfo>();
        string? driver = null;
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(',', StringSplitOptions.TrimEntries);
            if (f.Length < 4 || !int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                continue;
            }

            _ = long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var mib);
            gpus.Add(new GpuInfo(index, f[1], mib));
            driver ??= f[3];
        }

        return new GpuSurvey("nvidia-smi", gpus, driver, gpus.Count == 0 ? "nvidia-smi listed no GPU" : null);
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(line) ? "no message" : line;
    }
}
