using System.Diagnostics;
using System.Text.Json.Nodes;
using SlideEmbed.Geometry;
using SlideEmbed.Synthetic;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// Random-weight exports of the shipped segmenters (tools/export_segmenter.py --random, Debian's
/// python3-torch and python3-torchvision), each beside a copy of its manifest marked untrained, and a
/// small synthetic slide (0.64 x 0.48 mm at 2 um/px, so HEST at 1 um/px runs two patches and GrandQC one). Written once
/// per test class.
/// </summary>
public sealed class SegmenterModels : IDisposable
{
    private const string Python = "/usr/bin/python3";

    public SegmenterModels()
    {
        Folder = TestAssets.NewTempDir();
        SlidePath = SyntheticSlideWriter.Write(Path.Combine(Folder, "small.svs"), SyntheticSlides.TissueWithHoles(320, 240, MicronsPerPixel.Isotropic(2.0), SyntheticSlideStyle.Aperio)).Path;
        foreach (var preset in new[] { "grandqc-tissue", "hest-tissue", "grandqc-artifacts" })
        {
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "manifests", preset + ".json")))!.AsObject();
            manifest["trained"] = false;
            File.WriteAllText(Path.Combine(Folder, preset + ".json"), manifest.ToJsonString());
            var error = Export(preset);
            if (error is not null)
            {
                Unavailable ??= error;
            }
        }
    }

    /// <summary>The folder with the manifests, ONNX files and slide.</summary>
    public string Folder { get; }

    /// <summary>The synthetic slide.</summary>
    public string SlidePath { get; }

    /// <summary>Why the exports could not be made here, or null.</summary>
    public string? Unavailable { get; }

    /// <summary>The manifest path of a preset, skipping (outside CI) or failing (in CI) when the exports are missing.</summary>
    /// <param name="preset">grandqc-tissue or hest-tissue.</param>
    /// <returns>The path.</returns>
    public string Manifest(string preset)
    {
        if (Unavailable is not null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(Unavailable + " CI must run these tests.");
            }

            Assert.Skip(Unavailable);
        }

        return Path.Combine(Folder, preset + ".json");
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>Runs a tools/ script with /usr/bin/python3.</summary>
    /// <param name="args">The script (relative to tools/) and its arguments.</param>
    /// <returns>The exit code, standard output and standard error.</returns>
    public static (int ExitCode, string Out, string Error) RunTool(params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(TestAssets.RepoRoot, "tools", args[0]));
        foreach (var a in args.Skip(1))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            return (-1, stdout.Result, $"{args[0]} timed out");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private string? Export(string preset)
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is not installed (tools/install-deps.sh --tests installs python3-torch and python3-torchvision).";
        }

        var (exitCode, _, error) = RunTool("export_segmenter.py", preset, "--random", "3", "--out", Path.Combine(Folder, preset + ".onnx"));
        return exitCode == 0 ? null : $"export_segmenter.py {preset} failed (torch or torchvision missing?): {error[^Math.Min(1500, error.Length)..]}";
    }
}
