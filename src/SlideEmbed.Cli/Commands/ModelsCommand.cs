using System.Security.Cryptography;
using SlideEmbed.Onnx;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// <c>slideembed models list</c> (every manifest, whether its ONNX file is found and verified, and where it
/// was looked for) and <c>slideembed models verify NAME|FILE.json</c> (the manifest's parity check through
/// ONNX Runtime: one PASS or FAIL line with the largest difference; exit 1 on failure).
/// </summary>
public static class ModelsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("models", "List the tile encoders and verify their ONNX files against the export's PyTorch reference.");
        command.Subcommands.Add(CreateList(context));
        command.Subcommands.Add(CreateVerify(context));
        return command;
    }

    private static Command CreateList(CliContext context)
    {
        var list = new Command("list", "Show every tile-encoder manifest: whether its ONNX file is found (and where it was looked for) and whether it passed its parity check.");
        list.SetAction(_ =>
        {
            var catalog = ModelCatalog.Default();
            var cache = VerificationCache.Default();
            foreach (var name in catalog.ListNames())
            {
                context.Out.WriteLine(ModelsListing.Describe(catalog, cache, name));
            }

            return ExitCodes.Success;
        });
        return list;
    }

    private static Command CreateVerify(CliContext context)
    {
        var model = new Argument<string>("model") { Description = "A model name (see 'slideembed models list') or the path of a manifest JSON." };
        var device = new Option<string>("--device") { Description = "Where to run the check: cpu (default), cuda:N or tensorrt:N.", DefaultValueFactory = _ => "cpu" };
        var verify = new Command("verify", "Run the manifest's parity check (written by tools/export_onnx.py --manifest-out) through ONNX Runtime; exit 1 when the ONNX file does not reproduce the PyTorch embedding.")
        {
            model, device,
        };
        verify.SetAction(parse =>
        {
            var catalog = ModelCatalog.Default();
            ModelManifest manifest;
            IReadOnlyList<EncoderDevice> devices;
            try
            {
                manifest = catalog.Find(parse.GetValue(model)!);
                devices = EncoderDevice.ParseList(parse.GetValue(device) ?? "cpu");
            }
            catch (Exception e) when (e is ModelManifestException or ArgumentException or FormatException)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            var line = Verify(catalog, manifest, devices[0], out var passed);
            (passed ? context.Out : context.Error).WriteLine(line);
            return passed ? ExitCodes.Success : ExitCodes.Failure;
        });
        return verify;
    }

    private static string Verify(ModelCatalog catalog, ModelManifest manifest, EncoderDevice device, out bool passed)
    {
        passed = false;
        var candidates = catalog.ModelFileCandidates(manifest);
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return $"FAIL {manifest.Name}: its ONNX file was not found (looked for {string.Join(", ", candidates)}). Export it with: {manifest.ExportCommand}";
        }

        var check = ParityVerifier.FindCheck(manifest, path);
        if (check is null)
        {
            return $"FAIL {manifest.Name}: no parity check for {path}: the manifest has no 'check' block. Export with --manifest-out to write one.";
        }

        try
        {
            using var encoder = OnnxTileEncoder.Create(path, manifest, new OnnxEncoderOptions { Devices = [device], BatchSize = 1, WarmUp = false })[0];
            var result = ParityVerifier.Run(encoder, manifest, check);
            passed = result.Passed;
            var cache = VerificationCache.Default();
            if (passed)
            {
                cache.MarkVerified(cache.Key(path, check), path, result);
            }

            var sha = ChecksumNote(manifest, path);
            return $"{(passed ? "PASS" : "FAIL")} {manifest.Name}: {result.Describe()}; {path}{sha}";
        }
        catch (Exception e) when (e is ModelManifestException or EncoderUnavailableException or IOException or UnauthorizedAccessException)
        {
            return $"FAIL {manifest.Name}: {e.Message}";
        }
    }

    private static string ChecksumNote(ModelManifest manifest, string path)
    {
        if (manifest.OnnxSha256 is null)
        {
            return string.Empty;
        }

        using var stream = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        return string.Equals(actual, manifest.OnnxSha256, StringComparison.Ordinal) ? string.Empty : $" (its SHA-256 {actual} is not the manifest's {manifest.OnnxSha256})";
    }
}
