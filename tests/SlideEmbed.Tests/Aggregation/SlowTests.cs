using System.Diagnostics;
using System.Reflection;
using SlideEmbed.Aggregation;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>The explicit switch for slow tests: <c>SLIDEEMBED_SLOW_TESTS=1</c>.</summary>
internal static class SlowTests
{
    /// <summary>Whether <c>SLIDEEMBED_SLOW_TESTS=1</c> is set.</summary>
    public static bool Enabled => Environment.GetEnvironmentVariable("SLIDEEMBED_SLOW_TESTS") == "1";

    /// <summary>Whether SlideEmbed.Core was compiled with JIT optimisation (Release); its SIMD kernels run several times slower without.</summary>
    public static bool CoreOptimized => typeof(LongNetSlideEncoder).Assembly.GetCustomAttribute<DebuggableAttribute>() is not { IsJITOptimizerDisabled: true };

    /// <summary>Skips unless the switch is set.</summary>
    public static void Require(string what)
    {
        if (!Enabled)
        {
            Assert.Skip($"Slow test ({what}): set SLIDEEMBED_SLOW_TESTS=1 to run it.");
        }
    }

    /// <summary>Skips in Debug builds of the core unless the switch is set; runs by default in Release.</summary>
    public static void RequireOptimizedCore(string what)
    {
        if (!CoreOptimized && !Enabled)
        {
            Assert.Skip($"{what} takes seconds with an optimised SlideEmbed.Core but minutes in this Debug build (JIT optimisation off, SIMD kernels not inlined): run with -c Release, or set SLIDEEMBED_SLOW_TESTS=1.");
        }
    }
}
