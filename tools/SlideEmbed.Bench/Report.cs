using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using SlideEmbed.OpenSlide;

namespace SlideEmbed.Bench;

/// <summary>
/// What a benchmark prints: readable lines as it goes, then one JSON line (starting with <c>{</c>) with
/// every figure, the machine and the load average before and after, so runs on a shared machine can be
/// judged afterwards.
/// </summary>
internal sealed class Report
{
    private readonly JsonObject _json;
    private readonly TextWriter _out;

    public Report(string benchmark, TextWriter output)
    {
        _out = output;
        _json = new JsonObject
        {
            ["benchmark"] = benchmark,
            ["date_utc"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["machine"] = Machine(),
            ["loadavg_start"] = LoadAverage(),
        };
    }

    public JsonObject Json => _json;

    public void Line(FormattableString text) => _out.WriteLine(FormattableString.Invariant(text));

    public void Finish()
    {
        _json["loadavg_end"] = LoadAverage();
        _out.WriteLine(_json.ToJsonString());
    }

    public static JsonObject StatsJson(Stats s, int digits = 4) => new()
    {
        ["median"] = Math.Round(s.Median, digits),
        ["min"] = Math.Round(s.Min, digits),
        ["max"] = Math.Round(s.Max, digits),
        ["n"] = s.Values.Count,
        ["values"] = new JsonArray(s.Values.Select(v => (JsonNode)Math.Round(v, digits)).ToArray()),
    };

    private static JsonObject Machine()
    {
        string? openslide;
        try
        {
            openslide = OpenSlideLibrary.Version;
        }
        catch (DllNotFoundException)
        {
            openslide = null;
        }

        return new JsonObject
        {
            ["cores"] = Environment.ProcessorCount,
            ["cpu"] = CpuModel(),
            ["memory_gb"] = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9, 1),
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["openslide"] = openslide,
            ["onnxruntime"] = OrtEnv.Instance().GetVersionString(),
        };
    }

    private static string? CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?
                .Split(':', 2)[1].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
