using System.Diagnostics;
using System.Text.Json;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Onnx.Tests;

/// <summary>
/// Runs <c>tools/conformance_export.py</c> once for the test class (Debian's python3-torch, python3-onnx,
/// python3-torchvision; <c>tools/install-deps.sh --tests</c> installs them): every export preset from a
/// depth-2 random checkpoint in its published layout, and the position-table rules.
/// </summary>
public class ConformanceRun : IDisposable
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Runs the script, or records why it cannot run.</summary>
    public ConformanceRun()
        : this("conformance_export.py")
    {
    }

    /// <summary>Runs another conformance script of tools/ with <c>--out</c>, or records why it cannot run.</summary>
    /// <param name="scriptName">The script's file name in tools/.</param>
    /// <param name="modules">The Python modules it imports beyond the standard library, as an import list.</param>
    protected ConformanceRun(string scriptName, string modules = "torch, onnx, torchvision")
    {
        Folder = TestAssets.NewTempDir();
        var probe = RunProcess(Python, ["-c", "import " + modules], TimeSpan.FromMinutes(2));
        if (probe.ExitCode != 0)
        {
            Unavailable = $"{Python} with {modules} is not installed (tools/install-deps.sh --tests installs python3-torch, python3-onnx, python3-torchvision, python3-opencv): {probe.Error.Trim()}";
            return;
        }

        var script = Path.Combine(TestAssets.RepoRoot, "tools", scriptName);
        var run = RunProcess(Python, [script, "--out", Folder], TimeSpan.FromMinutes(20));
        var last = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (run.ExitCode != 0 || last is null)
        {
            Failure = $"{scriptName} exited with {run.ExitCode}: {run.Error[^Math.Min(2000, run.Error.Length)..]}";
            return;
        }

        Summary = JsonDocument.Parse(last);
    }

    /// <summary>Where the script wrote its files.</summary>
    public string Folder { get; }

    /// <summary>Why the script could not run here (no Python/torch), or null.</summary>
    public string? Unavailable { get; }

    /// <summary>Why the script failed, or null.</summary>
    public string? Failure { get; }

    /// <summary>The script's JSON summary, when it ran.</summary>
    public JsonDocument? Summary { get; }

    /// <summary>Skips (outside CI) or fails (in CI) when the script could not run; fails when it failed.</summary>
    /// <returns>The summary's root.</returns>
    public JsonElement Require()
    {
        if (Unavailable is not null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(Unavailable + " CI must run these tests.");
            }

            Assert.Skip(Unavailable);
        }

        Assert.True(Failure is null, Failure);
        return Summary!.RootElement;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the summary and deletes the folder.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Summary?.Dispose();
            Directory.Delete(Folder, true);
        }
    }

    private static (int ExitCode, string Output, string Error) RunProcess(string file, string[] args, TimeSpan timeout)
    {
        if (!File.Exists(file))
        {
            return (-1, string.Empty, $"{file} does not exist");
        }

        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            return (-1, string.Empty, $"timed out after {timeout}");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
