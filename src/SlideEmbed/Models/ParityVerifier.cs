using SlideEmbed.Encoders;

namespace SlideEmbed.Models;

/// <summary>Runs a manifest's <see cref="ParityCheck"/> through a tile encoder.</summary>
public static class ParityVerifier
{
    /// <summary>
    /// The check that belongs to a model file: the manifest's own, else the one in a manifest of the same
    /// name beside the ONNX file that names that file (where <c>export_onnx.py --manifest-out</c> puts it
    /// when the shipped manifest has none).
    /// </summary>
    /// <param name="manifest">The manifest the run uses.</param>
    /// <param name="modelPath">The located ONNX file.</param>
    /// <returns>The check, or null when there is none.</returns>
    public static ParityCheck? FindCheck(ModelManifest manifest, string modelPath)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(modelPath);
        if (manifest.Check is not null)
        {
            return manifest.Check;
        }

        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, manifest.Name + ".json");
        if (!File.Exists(beside) || (manifest.ManifestPath is { } own && Path.GetFullPath(own) == Path.GetFullPath(beside)))
        {
            return null;
        }

        try
        {
            var other = ModelManifest.Load(beside);
            return string.Equals(other.OnnxFile, Path.GetFileName(modelPath), StringComparison.Ordinal) ? other.Check : null;
        }
        catch (ModelManifestException)
        {
            return null;
        }
    }

    /// <summary>Encodes the check's synthetic tile and compares the embedding with the reference.</summary>
    /// <param name="encoder">A loaded encoder of the model.</param>
    /// <param name="manifest">The model's manifest (input size, mean and std).</param>
    /// <param name="check">The check.</param>
    /// <returns>The outcome.</returns>
    public static ParityResult Run(ITileEncoder encoder, ModelManifest manifest, ParityCheck check)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(check);
        var size = manifest.InputSize;
        var batch = new EncoderBatch(1, size, encoder.Precision);
        if (encoder.Precision == ModelPrecision.Fp16)
        {
            var floats = new float[batch.SlotLength];
            ParityCheck.WriteInput(size, manifest.Transform.Mean, manifest.Transform.Std, floats);
            var halves = batch.HalfSlot(0);
            for (var i = 0; i < floats.Length; i++)
            {
                halves[i] = (Half)floats[i];
            }
        }
        else
        {
            ParityCheck.WriteInput(size, manifest.Transform.Mean, manifest.Transform.Std, batch.FloatSlot(0));
        }

        batch.Count = 1;
        var embedding = new float[encoder.Dimension];
        encoder.Encode(batch, embedding);
        return check.Compare(embedding);
    }
}
