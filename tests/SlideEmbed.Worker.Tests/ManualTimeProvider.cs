namespace SlideEmbed.Worker.Tests;

/// <summary>A clock the test moves by hand (only <see cref="GetUtcNow"/>; nothing here uses its timers).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
