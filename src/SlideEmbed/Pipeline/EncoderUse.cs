namespace SlideEmbed.Pipeline;

/// <summary>How busy the encoders were over a batch run, for the run report.</summary>
/// <param name="WallSeconds">The run's wall time (first slide started to last slide finished).</param>
/// <param name="BusySeconds">Time inside <c>Encode</c>, all encoders together.</param>
/// <param name="Encoders">Encoders (devices).</param>
/// <param name="Batches">Batches encoded.</param>
/// <param name="Devices">What each encoder (device) did over the run, in encoder order.</param>
public sealed record EncoderUse(double WallSeconds, double BusySeconds, int Encoders, long Batches, IReadOnlyList<DeviceUse> Devices)
{
    /// <summary>The fraction of the encoders' time over the run that they waited for work, 0-1.</summary>
    public double IdleFraction => WallSeconds <= 0 ? 0 : Math.Clamp(1 - (BusySeconds / (Encoders * WallSeconds)), 0, 1);

    /// <summary>A device's tiles per second of the run's wall time (its share of the run's throughput).</summary>
    /// <param name="device">One of <see cref="Devices"/>.</param>
    /// <returns>Tiles per second, 0 for a run without wall time.</returns>
    public double TilesPerSecondOf(DeviceUse device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return WallSeconds <= 0 ? 0 : device.Tiles / WallSeconds;
    }

    /// <summary>The fraction of the run's wall time a device waited for work, 0-1.</summary>
    /// <param name="device">One of <see cref="Devices"/>.</param>
    /// <returns>The idle fraction.</returns>
    public double IdleFractionOf(DeviceUse device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return WallSeconds <= 0 ? 0 : Math.Clamp(1 - (device.BusySeconds / WallSeconds), 0, 1);
    }
}
