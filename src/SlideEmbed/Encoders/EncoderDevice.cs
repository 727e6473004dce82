using System.Globalization;

namespace SlideEmbed.Encoders;

/// <summary>A device spec from <c>--device</c>: <c>cpu</c>, <c>cuda:N</c> or <c>tensorrt:N</c>.</summary>
/// <param name="Kind">The execution provider family.</param>
/// <param name="Index">Device ordinal (0 for CPU).</param>
public readonly record struct EncoderDevice(EncoderDeviceKind Kind, int Index)
{
    /// <summary>The index of <c>cuda:all</c> / <c>tensorrt:all</c>: every GPU the driver lists.</summary>
    public const int AllIndex = -1;

    /// <summary>The CPU.</summary>
    public static EncoderDevice Cpu { get; } = new(EncoderDeviceKind.Cpu, 0);

    /// <summary>Parses one spec (<c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>, <c>cuda:all</c>, <c>tensorrt:0</c>; case-insensitive).</summary>
    /// <param name="text">The spec.</param>
    /// <returns>The device.</returns>
    /// <exception cref="FormatException">Unknown spec.</exception>
    public static EncoderDevice Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().ToLowerInvariant().Split(':');
        var kind = parts[0] switch
        {
            "cpu" => EncoderDeviceKind.Cpu,
            "cuda" or "gpu" => EncoderDeviceKind.Cuda,
            "tensorrt" or "trt" => EncoderDeviceKind.TensorRT,
            _ => throw new FormatException($"Unknown device '{text}': use cpu, cuda:N or tensorrt:N."),
        };
        var index = 0;
        if (parts.Length == 2 && parts[1] == "all" && kind != EncoderDeviceKind.Cpu)
        {
            return new EncoderDevice(kind, AllIndex);
        }

        if (parts.Length > 2 || (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out index)))
        {
            throw new FormatException($"Bad device '{text}': the index after ':' must be a whole number, e.g. cuda:0.");
        }

        return new EncoderDevice(kind, index);
    }

    /// <summary>Parses a comma-separated list, e.g. <c>cuda:0,cuda:1</c>.</summary>
    /// <param name="text">The list.</param>
    /// <returns>The devices, at least one.</returns>
    public static IReadOnlyList<EncoderDevice> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();
        return list.Count > 0 ? list : throw new FormatException("No device given.");
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        EncoderDeviceKind.Cpu => "cpu",
        EncoderDeviceKind.Cuda when Index == AllIndex => "cuda:all",
        EncoderDeviceKind.TensorRT when Index == AllIndex => "tensorrt:all",
        EncoderDeviceKind.Cuda => string.Create(CultureInfo.InvariantCulture, $"cuda:{Index}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"tensorrt:{Index}"),
    };
}
