using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SlideEmbed.Encoders;
using SlideEmbed.Models;

namespace SlideEmbed.Onnx;

/// <content>
/// The I/O-bound run: on a GPU the batch is copied into one page-locked host buffer allocated once per session
/// (so the host-to-device copy is a DMA without a staging copy) and the output lands in page-locked host memory
/// from ONNX Runtime's arena; on the CPU the batch's own pinned array is bound and the output comes from the CPU
/// arena. Both run through the same calls.
/// </content>
public sealed partial class OnnxTileEncoder
{
    private OrtIoBinding? _binding;
    private OrtMemoryInfo? _pinnedInfo;
    private OrtAllocator? _pinnedAllocator;
    private OrtMemoryAllocation? _pinnedInput;

    /// <summary>True when batches run through an I/O binding.</summary>
    public bool UsesIoBinding => _binding is not null;

    /// <summary>True when the bound input is a page-locked host buffer of the GPU provider.</summary>
    public bool UsesPinnedInput => _pinnedInput is not null;

    private void InitBinding(OnnxEncoderOptions options, EncoderDevice device)
    {
        if (!options.IoBinding)
        {
            return;
        }

        _binding = _session.CreateIoBinding();
        if (device.Kind == EncoderDeviceKind.Cpu)
        {
            return;
        }

        try
        {
            _pinnedInfo = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA_PINNED, OrtAllocatorType.DeviceAllocator, device.Index, OrtMemType.CpuOutput);
            _pinnedAllocator = new OrtAllocator(_session, _pinnedInfo);
            var elementBytes = Precision == ModelPrecision.Fp16 ? 2 : 4;
            _pinnedInput = _pinnedAllocator.Allocate((uint)((long)Math.Max(1, options.BatchSize) * 3 * InputSize * InputSize * elementBytes));
        }
        catch (OnnxRuntimeException)
        {
            // The provider registered no page-locked allocator: bind the batch's own (GC-pinned) array instead.
            DisposePinned();
        }
    }

    private unsafe void EncodeBound(EncoderBatch batch, Span<float> embeddings)
    {
        long[] shape = [batch.Count, 3, batch.InputSize, batch.InputSize];
        var elements = batch.Count * batch.SlotLength;
        OrtValue input;
        if (_pinnedInput is not null && _pinnedInfo is not null && elements * (batch.Precision == ModelPrecision.Fp16 ? 2L : 4L) <= (long)_pinnedInput.Size)
        {
            var type = batch.Precision == ModelPrecision.Fp16 ? TensorElementType.Float16 : TensorElementType.Float;
            var bytes = batch.Precision == ModelPrecision.Fp16
                ? MemoryMarshal.AsBytes(batch.Halves.AsSpan(0, elements))
                : MemoryMarshal.AsBytes(batch.Floats.AsSpan(0, elements));
            bytes.CopyTo(new Span<byte>((void*)_pinnedInput.DangerousGetHandle(), bytes.Length));
            input = OrtValue.CreateTensorValueWithData(_pinnedInfo, type, shape, _pinnedInput.DangerousGetHandle(), bytes.Length);
        }
        else
        {
            input = batch.Precision == ModelPrecision.Fp16
                ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.Halves.AsMemory(0, elements).Cast(), shape)
                : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.Floats.AsMemory(0, elements), shape);
        }

        using (input)
        {
            _binding!.BindInput(_manifest.InputName, input);
            _binding.BindOutputToDevice(_manifest.OutputName, _pinnedInfo ?? OrtMemoryInfo.DefaultInstance);
            _session.RunWithBinding(_runOptions, _binding);
            _binding.SynchronizeBoundOutputs();
            using var outputs = _binding.GetOutputValues();
            ApplyRecipe(outputs[0], batch.Count, embeddings);
            _binding.ClearBoundInputs();
            _binding.ClearBoundOutputs();
        }
    }

    private void DisposePinned()
    {
        _pinnedInput?.Dispose();
        _pinnedInput = null;
        _pinnedAllocator?.Dispose();
        _pinnedAllocator = null;
        _pinnedInfo?.Dispose();
        _pinnedInfo = null;
    }
}
