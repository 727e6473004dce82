namespace SlideEmbed.Aggregation.Kernels;

/// <content>
/// How many 16-float B panels one 12-row micro-kernel call covers, as a type the JIT specialises on.
/// </content>
internal static unsafe partial class Gemm
{
    private interface IPanelCount
    {
        /// <summary>Gets a value indicating whether the kernel covers a second panel, 16 columns to the right.</summary>
        static abstract bool Two { get; }
    }

    private readonly struct OnePanel : IPanelCount
    {
        public static bool Two => false;
    }

    private readonly struct TwoPanels : IPanelCount
    {
        public static bool Two => true;
    }
}
