using SlideEmbed.Onnx;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// <c>slideembed devices</c>: ONNX Runtime's providers in this build, the NVIDIA GPUs and driver, whether each
/// CUDA 13 / cuDNN 9 / TensorRT 10 library the GPU providers load can be loaded (and what to install when not),
/// and whether <c>cuda:0</c> and <c>tensorrt:0</c> are usable. Always exit 0: it reports, it does not judge.
/// </summary>
public static class DevicesCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("devices", "Show the inference providers of this build, the GPUs and driver, and whether the CUDA, cuDNN and TensorRT libraries can be loaded.");
        command.SetAction(_ =>
        {
            foreach (var line in OnnxTileEncoder.DescribeDevices().Lines())
            {
                context.Out.WriteLine(line);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
