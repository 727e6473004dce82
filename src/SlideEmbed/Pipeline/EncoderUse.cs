namespace SlideEmbed.Pipeline;

/// <summary>How busy the encoders were over a batch run, for the run report.</summary>
/// <param name="WallSeconds">The run's wall time (first slide started to last slide finished).</param>
/// <param name="BusySeconds">Time inside <c>Encode</c>, all encoders together.</param>
/// <param name="Encoders">Encoders (devices).</param>
/// <param name="Batches">Batches encoded.</param>
public sealed record EncoderUse(double WallSeconds, double BusySeconds, int Encoders, long Batches)
{
    /// <summary>The fraction of the encoders' time over the run that they waited for work, 0-1.</summary>
    public double IdleFraction => WallSeconds <= 0 ? 0 : Math.Clamp(1 - (BusySeconds / (Encoders * WallSeconds)), 0, 1);
}
