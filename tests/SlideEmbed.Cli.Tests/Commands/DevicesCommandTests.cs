using SlideEmbed.Onnx.Devices;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests.Commands;

public sealed class DevicesCommandTests
{
    [Fact]
    public void Devices_ThisBuild_ListsGpuProvidersAndEveryLibrary()
    {
        var (code, output, error) = CliRunner.Run("devices");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("ONNX Runtime providers: TensorrtExecutionProvider, CUDAExecutionProvider, CPUExecutionProvider", lines[0]);
        Assert.StartsWith("GPUs (nvidia-smi", lines[1], StringComparison.Ordinal);
        foreach (var library in RuntimeLibraries.All)
        {
            Assert.Single(lines, l => l.Contains(library.FileName, StringComparison.Ordinal) && (l.StartsWith("ok ", StringComparison.Ordinal) || l.StartsWith("missing ", StringComparison.Ordinal)));
        }

        Assert.Contains(lines, l => l.StartsWith("cuda:0: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("tensorrt:0: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Embed_Cuda0WithoutAGpu_OneErrorLineAndExit2()
    {
        Assert.SkipWhen(NvidiaSmiProbe.Instance.Survey().Gpus.Count > 0, "This machine has an NVIDIA GPU; the error path is for machines without one.");
        using var temp = new TempFolder();
        var model = Path.Combine(TestAssets.RepoRoot, "tests", "models", "tiny-cls.json");

        var (code, output, error) = CliRunner.Run("embed", temp.Path, "--model", model, "--out", Path.Combine(temp.Path, "out"), "--device", "cuda:0");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: cuda:0 was requested but no NVIDIA GPU is usable (", line, StringComparison.Ordinal);
        Assert.EndsWith("or run on the CPU with --device cpu (or allow --allow-cpu-fallback).", line.TrimEnd(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "out")));
    }
}
