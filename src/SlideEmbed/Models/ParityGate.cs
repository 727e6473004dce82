using SlideEmbed.Encoders;

namespace SlideEmbed.Models;

/// <summary>
/// What a run does before it embeds with a model: the model file's parity check, once per file (see
/// <see cref="VerificationCache"/>); a model that fails is refused.
/// </summary>
public static class ParityGate
{
    /// <summary>Verifies the model file unless the cache already holds its pass.</summary>
    /// <param name="encoder">A loaded encoder of the model file.</param>
    /// <param name="manifest">The model's manifest.</param>
    /// <param name="modelPath">The model file.</param>
    /// <param name="cache">The cache of passes.</param>
    /// <param name="warnings">Told when the model has no check to run.</param>
    /// <returns>The outcome, or null when there was nothing to check or the pass was cached.</returns>
    /// <exception cref="ModelManifestException">The model fails its check; the message names the file and the fix.</exception>
    public static ParityResult? Ensure(ITileEncoder encoder, ModelManifest manifest, string modelPath, VerificationCache cache, Action<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(warnings);
        var check = ParityVerifier.FindCheck(manifest, modelPath);
        if (check is null)
        {
            if (manifest.Trained)
            {
                warnings($"model '{manifest.Name}' has no parity check: '{modelPath}' is used unverified. Export it with --manifest-out to add one.");
            }

            return null;
        }

        var key = cache.Key(modelPath, check);
        if (cache.IsVerified(key))
        {
            return null;
        }

        var result = ParityVerifier.Run(encoder, manifest, check);
        if (!result.Passed)
        {
            throw new ModelManifestException(
                $"The ONNX file '{modelPath}' of model '{manifest.Name}' fails its parity check ({result.Describe()}): it does not compute what the exported PyTorch module computed. " +
                $"Export it again with: {manifest.ExportCommand}");
        }

        cache.MarkVerified(key, modelPath, result);
        return result;
    }
}
