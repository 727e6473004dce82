using SlideEmbed.Onnx.Devices;

namespace SlideEmbed.Onnx.Tests.Devices;

/// <summary>A loader that "loads" exactly the listed libraries.</summary>
internal sealed class FakeLibraryProbe(IEnumerable<string> present, string? tensorRtVersion = null) : INativeLibraryProbe
{
    private readonly HashSet<string> _present = [.. present];

    public static FakeLibraryProbe AllPresent(string? tensorRtVersion = "10.13.3") => new(RuntimeLibraries.All.Select(l => l.FileName), tensorRtVersion);

    public static FakeLibraryProbe AllBut(string missing) => new(RuntimeLibraries.All.Select(l => l.FileName).Where(n => n != missing), "10.13.3");

    public List<string> Asked { get; } = [];

    public bool CanLoad(string name)
    {
        Asked.Add(name);
        return _present.Contains(name);
    }

    public string? TensorRtVersion() => tensorRtVersion;
}
