namespace SlideEmbed.Pipeline;

/// <summary>What one encoder (device) did: time inside <c>Encode</c>, batches and tiles.</summary>
/// <param name="Device">The encoder's device, e.g. <c>cpu</c> or <c>cuda:1</c>.</param>
/// <param name="BusySeconds">Seconds inside <c>Encode</c>.</param>
/// <param name="Batches">Batches encoded.</param>
/// <param name="Tiles">Tiles encoded.</param>
public sealed record DeviceUse(string Device, double BusySeconds, long Batches, long Tiles)
{
    /// <summary>Tiles per second while encoding (the device's own rate, waits excluded); 0 before any batch.</summary>
    public double BusyTilesPerSecond => BusySeconds > 0 ? Tiles / BusySeconds : 0;

    /// <summary>What this device did since an earlier record of the same device.</summary>
    /// <param name="before">The earlier record.</param>
    /// <returns>The difference.</returns>
    public DeviceUse Since(DeviceUse before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return new DeviceUse(Device, BusySeconds - before.BusySeconds, Batches - before.Batches, Tiles - before.Tiles);
    }
}
