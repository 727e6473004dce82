using System.Diagnostics;
using System.Reflection;
using SlideEmbed.Aggregation;
using Xunit;

namespace SlideEmbed.TestSupport;

/// <summary>The one explicit switch for slow tests in every test project: <c>SLIDEEMBED_SLOW_TESTS=1</c>.</summary>
public static class SlowTests
{
    /// <summary>Whether <c>SLIDEEMBED_SLOW_TESTS=1</c> is set.</summary>
    public static bool Enabled => Environment.GetEnvironmentVariable("SLIDEEMBED_SLOW_TESTS") == "1";

    /// <summary>Whether SlideEmbed.Core was compiled with JIT optimisation (Release); its SIMD kernels run several times slower without.</summary>
    public static bool CoreOptimized => typeof(LongNetSlideEncoder).Assembly.GetCustomAttribute<DebuggableAttribute>() is not { IsJITOptimizerDisabled: true };

    /// <summary>Skips unless the switch is set.</summary>
    /// <param name="what">The test and why it is slow, for the skip reason.</param>
    public static void Require(string what)
    {
        if (!Enabled)
        {
            Assert.Skip($"Slow test ({what}): set SLIDEEMBED_SLOW_TESTS=1 to run it.");
        }
    }

    /// <summary>Skips in Debug builds of the core unless the switch is set; runs by default in Release.</summary>
    /// <param name="what">The test, for the skip reason.</param>
    public static void RequireOptimizedCore(string what)
    {
        if (!CoreOptimized && !Enabled)
        {
            Assert.Skip($"{what} takes seconds with an optimised SlideEmbed.Core but minutes in this Debug build (JIT optimisation off, SIMD kernels not inlined): run with -c Release, or set SLIDEEMBED_SLOW_TESTS=1.");
        }
    }
}
