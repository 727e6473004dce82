using Microsoft.ML.OnnxRuntime;
using SlideEmbed.Encoders;
using SlideEmbed.Models;
using SlideEmbed.Onnx.Devices;

namespace SlideEmbed.Onnx;

/// <summary>
/// One ONNX Runtime session of a tile encoder on one device. Input tensors wrap the batch's pinned
/// array (no copy, no per-batch buffer); the output tensor is turned into embeddings by the manifest's
/// recipe. The model's input and output names, element types and shapes are checked against the
/// manifest when the session is created, before any tile is read.
/// </summary>
/// <remarks>Not thread-safe: the pipeline gives each session its own inference worker.</remarks>
public sealed partial class OnnxTileEncoder : ITileEncoder
{
    private readonly InferenceSession _session;
    private readonly ModelManifest _manifest;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly RunOptions _runOptions = new();

    private OnnxTileEncoder(InferenceSession session, ModelManifest manifest, string device, OnnxEncoderOptions options)
    {
        _session = session;
        _manifest = manifest;
        Device = device;
        _inputNames = [manifest.InputName];
        _outputNames = [manifest.OutputName];
        InitBinding(options, EncoderDevice.Parse(device));
    }

    /// <inheritdoc />
    public string Device { get; }

    /// <inheritdoc />
    public int Dimension => _manifest.Dimension;

    /// <inheritdoc />
    public int InputSize => _manifest.InputSize;

    /// <inheritdoc />
    public ModelPrecision Precision => _manifest.Precision;

    /// <summary>Execution providers compiled into the loaded ONNX Runtime, e.g. <c>CPUExecutionProvider</c>.</summary>
    /// <returns>Provider names.</returns>
    public static IReadOnlyList<string> AvailableProviders() => OrtRuntime.Environment.GetAvailableProviders();

    /// <summary>Providers, GPUs, driver and GPU runtime libraries of this build on this machine, through the real probes.</summary>
    /// <returns>The report.</returns>
    public static DeviceReport DescribeDevices() =>
        DeviceReport.Collect(AvailableProviders(), NativeLibraryProbe.Instance, NvidiaSmiProbe.Instance);

    /// <summary>Creates one session per requested device.</summary>
    /// <param name="modelPath">The ONNX file (external data, if any, beside it).</param>
    /// <param name="manifest">The model's manifest.</param>
    /// <param name="options">Session options.</param>
    /// <param name="warnings">Receives messages such as a CPU fallback.</param>
    /// <returns>The encoders; dispose them.</returns>
    /// <exception cref="EncoderUnavailableException">A device cannot be used and fallback was not allowed.</exception>
    /// <exception cref="ModelManifestException">The model does not match its manifest.</exception>
    public static IReadOnlyList<OnnxTileEncoder> Create(string modelPath, ModelManifest manifest, OnnxEncoderOptions options, Action<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(options);
        var report = new Lazy<DeviceReport>(() => DeviceReport.Collect(AvailableProviders(), options.LibraryProbe, options.GpuProbe));
        var encoders = new List<OnnxTileEncoder>();
        try
        {
            foreach (var device in ExpandDevices(options.Devices, report))
            {
                encoders.Add(CreateOne(modelPath, manifest, options, device, report, warnings));
            }

            return encoders;
        }
        catch
        {
            encoders.ForEach(e => e.Dispose());
            throw;
        }
    }

    /// <inheritdoc />
    public void Encode(EncoderBatch batch, Span<float> embeddings)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        if (embeddings.Length < batch.Count * Dimension)
        {
            throw new ArgumentException($"The embedding buffer holds {embeddings.Length} floats; {batch.Count} x {Dimension} are needed.", nameof(embeddings));
        }

        if (_binding is not null)
        {
            EncodeBound(batch, embeddings);
            return;
        }

        long[] shape = [batch.Count, 3, batch.InputSize, batch.InputSize];
        var elements = batch.Count * batch.SlotLength;
        using var input = batch.Precision == ModelPrecision.Fp16
            ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.Halves.AsMemory(0, elements).Cast(), shape)
            : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.Floats.AsMemory(0, elements), shape);
        using var outputs = _session.Run(_runOptions, _inputNames, [input], _outputNames);
        ApplyRecipe(outputs[0], batch.Count, embeddings);
    }

    /// <summary>Replaces <c>cuda:all</c> / <c>tensorrt:all</c> by one device per GPU the driver lists (none listed: the device stays, and fails as unavailable).</summary>
    private static IEnumerable<EncoderDevice> ExpandDevices(IReadOnlyList<EncoderDevice> devices, Lazy<DeviceReport> report)
    {
        foreach (var device in devices)
        {
            if (device.Index != EncoderDevice.AllIndex)
            {
                yield return device;
                continue;
            }

            var gpus = report.Value.Gpus.Gpus;
            if (gpus.Count == 0)
            {
                yield return device with { Index = 0 };
            }

            foreach (var g in gpus)
            {
                yield return device with { Index = g.Index };
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _binding?.Dispose();
        DisposePinned();
        _session.Dispose();
        _runOptions.Dispose();
    }
}
