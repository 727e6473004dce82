namespace SlideEmbed.Worker.Tests;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 120)]
    [InlineData(3, 240)]
    [InlineData(7, 3600)]
    [InlineData(1000, 3600)]
    public void DelayAfter_FailedAttempts_DoublesUpToAnHour(int failed, double expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryPolicy.DelayAfter(failed, TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void DelayAfter_BaseLongerThanCap_BaseIsTheCap()
    {
        Assert.Equal(TimeSpan.FromHours(2), RetryPolicy.DelayAfter(3, TimeSpan.FromHours(2)));
    }

    [Fact]
    public void DelayAfter_ZeroBase_Zero()
    {
        Assert.Equal(TimeSpan.Zero, RetryPolicy.DelayAfter(5, TimeSpan.Zero));
    }
}
