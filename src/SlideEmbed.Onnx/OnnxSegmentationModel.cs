using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SlideEmbed.Encoders;
using SlideEmbed.Models;
using SlideEmbed.Segmentation;

namespace SlideEmbed.Onnx;

/// <summary>
/// A segmentation network in ONNX Runtime, on the same execution providers as the tile encoders
/// (CPU, CUDA or TensorRT, with the same fallback rule). Thread-safe; dispose to free the session.
/// </summary>
public sealed class OnnxSegmentationModel : ISegmentationModel, IDisposable
{
    private readonly InferenceSession _session;
    private readonly SegmenterManifest _manifest;

    private OnnxSegmentationModel(InferenceSession session, SegmenterManifest manifest, string device)
    {
        _session = session;
        _manifest = manifest;
        Device = device;
    }

    /// <inheritdoc />
    public string Device { get; }

    /// <summary>Loads a segmenter's ONNX file and checks its input and output against the manifest.</summary>
    /// <param name="modelPath">The ONNX file.</param>
    /// <param name="manifest">The segmenter manifest.</param>
    /// <param name="options">Threads, optimisation level and devices (the first device is used).</param>
    /// <param name="warnings">Receives a CPU-fallback warning.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelManifestException">The file does not load or does not match the manifest; the message names the file and the fix.</exception>
    /// <exception cref="EncoderUnavailableException">The requested GPU cannot be used and fallback is off.</exception>
    public static OnnxSegmentationModel Create(string modelPath, SegmenterManifest manifest, OnnxEncoderOptions options, Action<string>? warnings)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(options);
        var device = options.Devices.Count > 0 ? options.Devices[0] : EncoderDevice.Cpu;
        using var sessionOptions = OnnxTileEncoder.CreateSessionOptions(options);
        var deviceName = device.Kind == EncoderDeviceKind.Cpu ? device.ToString() : OnnxTileEncoder.AppendGpuProvider(sessionOptions, device, options, warnings);
        InferenceSession session;
        try
        {
            session = new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelManifestException($"ONNX Runtime cannot load segmenter '{manifest.Name}' from '{modelPath}': {FirstLine(e.Message)}. Export it again with: {manifest.ExportCommand}", e);
        }

        try
        {
            Check(session, manifest, modelPath);
            return new OnnxSegmentationModel(session, manifest, deviceName);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public float[] Run(float[] input, int batch, int size)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var value = OrtValue.CreateTensorValueFromMemory(input, [batch, 3, size, size]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_manifest.InputName], [value], [_manifest.OutputName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private static void Check(InferenceSession session, SegmenterManifest m, string path)
    {
        if (!session.InputMetadata.TryGetValue(m.InputName, out var input) || input.ElementDataType != TensorElementType.Float
            || input.Dimensions.Length != 4 || (input.Dimensions[1] > 0 && input.Dimensions[1] != 3)
            || input.Dimensions.Skip(2).Any(d => d > 0 && d != m.PatchSize))
        {
            throw new ModelManifestException(string.Create(CultureInfo.InvariantCulture,
                $"Segmenter file '{path}' has no float input '{m.InputName}' of shape [batch, 3, {m.PatchSize}, {m.PatchSize}] (inputs: {Describe(session.InputMetadata)}); fix onnx.input or tile.size in {m.ManifestPath ?? m.Name}, or export the file again with: {m.ExportCommand}"));
        }

        if (!session.OutputMetadata.TryGetValue(m.OutputName, out var output) || output.Dimensions.Length != 4
            || (output.Dimensions[1] > 0 && output.Dimensions[1] != m.Classes.Count))
        {
            throw new ModelManifestException(string.Create(CultureInfo.InvariantCulture,
                $"Segmenter file '{path}' has no output '{m.OutputName}' of shape [batch, {m.Classes.Count}, H, W] (outputs: {Describe(session.OutputMetadata)}); fix onnx.output or classes in {m.ManifestPath ?? m.Name}, or export the file again with: {m.ExportCommand}"));
        }
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        string.Join(", ", metadata.Select(p => $"{p.Key} [{string.Join(", ", p.Value.Dimensions)}]"));

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
