namespace SlideEmbed.Onnx.Devices;

/// <summary>Lists the NVIDIA GPUs of the machine and the driver version.</summary>
public interface IGpuProbe
{
    /// <summary>Lists the GPUs; never throws for a missing tool or driver (that is a <see cref="GpuSurvey.Problem"/>).</summary>
    /// <returns>The survey.</returns>
    GpuSurvey Survey();
}
